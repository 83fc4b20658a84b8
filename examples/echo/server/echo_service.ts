import { InvalidArgumentError } from "@actr/runtime";
import type { Context } from "@actr/runtime";
import { actrIdToString } from "@actr/protocol";
import type { EchoRequest } from "./generated/local/echo_pb.js";
import type { EchoServiceHandler } from "./generated/echo/echo_service_actor.js";

/** echo.EchoService: answers each message with who sent it. */
export class EchoServiceImpl implements EchoServiceHandler {
  async echo(request: EchoRequest, ctx: Context) {
    if (request.message === "") throw new InvalidArgumentError("EchoRequest.message is empty: send some text");
    const from = ctx.callerId === undefined ? "the shell" : actrIdToString(ctx.callerId);
    return { reply: `echo: ${request.message} (from ${from})` };
  }
}
