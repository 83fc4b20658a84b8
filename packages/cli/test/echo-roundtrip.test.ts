import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { DecodeError, Dest, PayloadType, UnknownRouteError } from "@actr/runtime";
import type { CallOptions, Caller, Context, MethodDescriptor, TellOptions } from "@actr/runtime";
import { describe, expect, it } from "vitest";
import {
  EchoService,
  EchoServiceClient,
  EchoServiceDispatcher,
  EchoServiceRoutes,
  EchoServiceSpec,
  EchoServiceWorkload,
} from "../../../fixtures/echo/expected/echo_service_actor.js";
import type { EchoServiceHandler } from "../../../fixtures/echo/expected/echo_service_actor.js";
import { EchoRequestSchema, EchoResponseSchema } from "../../../fixtures/echo/expected/local/echo_pb.js";

const ctx = {} as Context;

const handler: EchoServiceHandler = {
  async echo(request) {
    return { reply: `echo: ${request.message}` };
  },
};

/** A Caller that encodes, dispatches in-process and decodes, as the runtime does over the wire. */
class LoopbackCaller implements Caller {
  readonly calls: { dest: Dest; routeKey: string; options: CallOptions | TellOptions | undefined }[] = [];
  constructor(private readonly dispatcher: EchoServiceDispatcher) {}

  async invoke<Req, Res, ReqInit, ResInit>(
    dest: Dest,
    method: MethodDescriptor<Req, Res, ReqInit, ResInit>,
    request: Req | ReqInit,
    options?: CallOptions,
  ): Promise<Res> {
    this.calls.push({ dest, routeKey: method.routeKey, options });
    const bytes = await this.dispatcher.dispatch(method.routeKey, method.input.encode(request), ctx);
    return method.output.decode(bytes);
  }

  async notify<Req, Res, ReqInit, ResInit>(
    dest: Dest,
    method: MethodDescriptor<Req, Res, ReqInit, ResInit>,
    message: Req | ReqInit,
    options?: TellOptions,
  ): Promise<void> {
    await this.invoke(dest, method, message, options);
  }
}

describe("generated echo actor", () => {
  it("round-trips a request through client, codec and dispatcher", async () => {
    const caller = new LoopbackCaller(new EchoServiceDispatcher(handler));
    const client = new EchoServiceClient(caller);
    const response = await client.echo({ message: "hi" }, { timeoutMs: 1000 });
    expect(response.reply).toBe("echo: hi");
    expect(response.$typeName).toBe("echo.EchoResponse");
    expect(caller.calls).toEqual([{ dest: Dest.local(), routeKey: "echo.EchoService.Echo", options: { timeoutMs: 1000 } }]);
  });

  it("describes each method once: route key, lane, codecs", () => {
    expect(EchoServiceRoutes.echo).toBe("echo.EchoService.Echo");
    expect(EchoService.method.echo.payloadType).toBe(PayloadType.RpcReliable);
    expect(EchoService.method.echo.input.typeName).toBe("echo.EchoRequest");
    const bytes = EchoService.method.echo.output.encode({ reply: "x" });
    expect(fromBinary(EchoResponseSchema, bytes).reply).toBe("x");
  });

  it("dispatches raw bytes and rejects unknown routes and undecodable payloads", async () => {
    const dispatcher = new EchoServiceDispatcher(handler);
    const payload = toBinary(EchoRequestSchema, create(EchoRequestSchema, { message: "raw" }));
    const reply = fromBinary(EchoResponseSchema, await dispatcher.dispatch("echo.EchoService.Echo", payload, ctx));
    expect(reply.reply).toBe("echo: raw");
    await expect(dispatcher.dispatch("echo.EchoService.Ech", payload, ctx)).rejects.toThrow(UnknownRouteError);
    await expect(dispatcher.dispatch("echo.EchoService.Ech", payload, ctx)).rejects.toThrow(/echo\.EchoService\.Echo/);
    await expect(dispatcher.dispatch("echo.EchoService.Echo", new Uint8Array([0xff, 0xff]), ctx)).rejects.toThrow(DecodeError);
  });

  it("workload composes handler, dispatcher and spec, and forwards lifecycle hooks", async () => {
    const events: string[] = [];
    const workload = new EchoServiceWorkload({ ...handler, onStart: async () => void events.push("start"), onStop: async () => void events.push("stop") });
    expect(workload.routeKeys).toEqual(["echo.EchoService.Echo"]);
    expect(workload.spec).toBe(EchoServiceSpec);
    expect(EchoServiceSpec.protos[0]?.content).toContain("service EchoService");
    expect(EchoServiceSpec.fingerprint).toMatch(/^service_semantic:[0-9a-f]{64}$/);
    await workload.onStart(ctx);
    await workload.onStop(ctx);
    expect(events).toEqual(["start", "stop"]);
    await new EchoServiceWorkload(handler).onStart(ctx);
  });
});
