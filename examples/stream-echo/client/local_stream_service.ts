import { Dest } from "@actr/runtime";
import type { Context } from "@actr/runtime";
import type { DataStream } from "@actr/protocol";
import type { StartStreamRequest } from "./generated/local/stream_client_pb.js";
import type { LocalStreamServiceHandler } from "./generated/stream_client/local_stream_service_actor.js";
import { StreamServerClient, StreamServerDependency } from "./generated/remote/stream-echo-server/stream_server_client.js";

/** stream_client.LocalStreamService: finds the server, registers the stream, asks for the chunks. */
export class LocalStreamServiceImpl implements LocalStreamServiceHandler {
  constructor(private readonly onChunk: (chunk: DataStream) => void) {}

  async startStream(request: StartStreamRequest, ctx: Context) {
    const server = await ctx.discover(StreamServerDependency.actrType);
    // The callback must be in place before the server starts pushing.
    await ctx.registerStream(request.streamId, (chunk) => this.onChunk(chunk));
    const response = await new StreamServerClient(ctx, Dest.actor(server)).registerStream({
      streamId: request.streamId,
      messageCount: request.messageCount,
    });
    return { success: response.success, message: response.message };
  }
}
