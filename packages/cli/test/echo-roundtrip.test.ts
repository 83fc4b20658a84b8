import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import type { DescMessage, MessageInitShape } from "@bufbuild/protobuf";
import { DecodeError, Dest, NotImplementedError, UnknownRouteError } from "@actr/runtime";
import type { CallOptions, Caller, Context, RequestOf, ResponseOf, RpcMethod, StreamMethod, StreamOutput, TellOptions } from "@actr/runtime";
import { describe, expect, it } from "vitest";
import { EchoServiceClient, EchoServiceDispatcher, EchoServiceSpec, EchoServiceWorkload } from "../../../fixtures/echo/expected/echo/echo_service_actor.js";
import type { EchoServiceHandler } from "../../../fixtures/echo/expected/echo/echo_service_actor.js";
import { EchoRequestSchema, EchoResponseSchema, EchoService } from "../../../fixtures/echo/expected/local/echo_pb.js";

const ctx = {} as Context;

const handler: EchoServiceHandler = {
  async echo(request) {
    return { reply: `echo: ${request.message}` };
  },
};

/** A Caller that encodes, dispatches the bytes in-process and decodes, as the runtime does over the wire. */
class LoopbackCaller implements Caller {
  readonly calls: { dest: Dest; routeKey: string; options: CallOptions | TellOptions | undefined }[] = [];
  constructor(private readonly dispatcher: EchoServiceDispatcher) {}

  async call<M extends RpcMethod>(dest: Dest, method: M, request: RequestOf<M>, options?: CallOptions): Promise<ResponseOf<M>> {
    if (method.kind === "ts-proto") throw new Error("protobuf-es methods only");
    const payload = toBinary(method.input, create(method.input, request as MessageInitShape<DescMessage>));
    const reply = await this.callRaw(dest, `${method.parent.typeName}.${method.name}`, payload, options);
    return fromBinary(method.output, reply) as ResponseOf<M>;
  }

  async tell<M extends RpcMethod>(dest: Dest, method: M, message: RequestOf<M>, options?: TellOptions): Promise<void> {
    await this.call(dest, method, message, options);
  }

  async callRaw(dest: Dest, routeKey: string, payload: Uint8Array, options?: CallOptions): Promise<Uint8Array> {
    this.calls.push({ dest, routeKey, options });
    return this.dispatcher.dispatch(routeKey, payload, ctx);
  }

  async tellRaw(dest: Dest, routeKey: string, payload: Uint8Array, options?: TellOptions): Promise<void> {
    await this.callRaw(dest, routeKey, payload, options);
  }

  stream<M extends StreamMethod>(): StreamOutput<M> {
    throw new NotImplementedError("EchoService has no streaming methods");
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

  it("builds on protoc-gen-es's service descriptor: one descriptor, route key from its names", () => {
    const dispatcher = new EchoServiceDispatcher(handler);
    expect(EchoService.typeName).toBe("echo.EchoService");
    expect(EchoService.method.echo.input).toBe(EchoRequestSchema);
    expect(dispatcher.routeKeys).toEqual(["echo.EchoService.Echo"]);
  });

  it("hands message objects through handle(), without encoding", async () => {
    const request = create(EchoRequestSchema, { message: "obj" });
    let seen: unknown;
    const dispatcher = new EchoServiceDispatcher({
      async echo(req) {
        seen = req;
        return { reply: req.message };
      },
    });
    expect(await dispatcher.handle("echo.EchoService.Echo", request, ctx)).toEqual({ reply: "obj" });
    expect(seen).toBe(request);
  });

  it("refuses a handler without a method of the service", () => {
    expect(() => new EchoServiceDispatcher({} as EchoServiceHandler)).toThrow(/has no method echo\(\) for echo\.EchoService\.Echo/);
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
