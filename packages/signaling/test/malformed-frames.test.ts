import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { create, toBinary } from "@bufbuild/protobuf";
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { ActrIdSchema, ErrorResponseSchema, type SignalingEnvelope } from "@actr/protocol";
import type { SignalingServer } from "@actr/signaling";
import { ping } from "./support/ping.js";
import { requestError } from "./support/request-error.js";
import { TestActor, register, startQuietServer } from "./support/test-actor.js";

function errorOf(envelope: SignalingEnvelope): { code: number; message: string } | undefined {
  return envelope.flow.case === "envelopeError" ? { code: envelope.flow.value.code, message: envelope.flow.value.message } : undefined;
}

describe("malformed frames", () => {
  let server: SignalingServer;
  let bystander: TestActor;
  beforeAll(async () => {
    server = await startQuietServer({ maxFrameBytes: 4096 });
    bystander = await TestActor.connect(server, await register(server, { name: "Bystander" }));
  });
  afterAll(async () => {
    await bystander.close();
    await server.close();
  });

  const stillServes = async () => {
    const pong = await bystander.reply(bystander.request(ping()));
    expect(pong.flow.case).toBe("serverToActr");
  };

  it("answers garbage bytes, text frames and incomplete envelopes with an envelope_error", async () => {
    const actor = await TestActor.connect(server, await register(server, { name: "Noisy" }));
    actor.socket.send(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f]));
    expect(errorOf(await actor.next())).toMatchObject({ code: 400, message: /SignalingEnvelope/ });
    actor.socket.send("hello");
    expect(errorOf(await actor.next())).toMatchObject({ code: 400, message: /Text frames/ });
    actor.socket.send(new Uint8Array());
    expect(errorOf(await actor.next())).toMatchObject({ code: 400, message: /required field not set/ });
    // An actr_to_server without its required credential, written field by field as a careless client might.
    const inner = new BinaryWriter().tag(1, WireType.LengthDelimited).bytes(toBinary(ActrIdSchema, actor.id)).finish();
    const envelope = new BinaryWriter()
      .tag(1, WireType.Varint).uint32(2)
      .tag(2, WireType.LengthDelimited).string("no-credential")
      .tag(11, WireType.LengthDelimited).bytes(inner)
      .finish();
    actor.socket.send(envelope);
    expect(errorOf(await actor.next())).toMatchObject({ code: 400, message: /credential/ });
    await stillServes();
    await actor.close();
  });

  it("refuses server-only flows with a request error and closes on oversized frames", async () => {
    const actor = await TestActor.connect(server, await register(server, { name: "Wrong" }));
    const serverOnly = actor.sendEnvelope({ case: "envelopeError", value: create(ErrorResponseSchema, { code: 1, message: "x" }) });
    expect(requestError(await actor.reply(serverOnly))).toMatchObject({ code: 400, message: /not accepted from an actor/ });
    actor.socket.send(new Uint8Array(8192));
    expect((await actor.closed).code).toBe(1009);
    await stillServes();
  });
});
