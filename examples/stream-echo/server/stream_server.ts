import { Dest } from "@actr/runtime";
import type { Context } from "@actr/runtime";
import { actrIdToString } from "@actr/protocol";
import type { ActrId } from "@actr/protocol";
import { setTimeout as sleep } from "node:timers/promises";
import type { RegisterStreamRequest } from "./generated/local/stream_server_pb.js";
import type { StreamServerHandler } from "./generated/stream_server/stream_server_actor.js";

const encoder = new TextEncoder();

/**
 * stream_server.StreamServer: answers RegisterStream, then pushes the chunks in the background.
 * It records which client registered which stream, so a stream id in use by one client is not
 * handed to another.
 */
export class StreamServerImpl implements StreamServerHandler {
  /** Stream id -> the client it streams to, while chunks are being pushed. */
  readonly registrations = new Map<string, ActrId>();

  constructor(private readonly intervalMs: number) {}

  async registerStream(request: RegisterStreamRequest, ctx: Context) {
    const caller = ctx.callerId;
    if (caller === undefined) {
      return { success: false, message: "RegisterStream streams back to its caller, so it must come from another actor" };
    }
    const holder = this.registrations.get(request.streamId);
    if (holder !== undefined && actrIdToString(holder) !== actrIdToString(caller)) {
      return { success: false, message: `Stream ${request.streamId} is in use by ${actrIdToString(holder)}; pick another stream id` };
    }
    this.registrations.set(request.streamId, caller);
    console.log(`stream ${request.streamId} registered by ${actrIdToString(caller)}`);
    // The reply goes out first; the chunks follow on the caller's registered stream.
    void this.push(ctx, caller, request.streamId, request.messageCount);
    return { success: true, message: `Stream ${request.streamId} registered successfully` };
  }

  private async push(ctx: Context, caller: ActrId, streamId: string, count: number): Promise<void> {
    try {
      for (let sequence = 1; sequence <= count; sequence++) {
        const payload = encoder.encode(`[server] Stream message ${sequence} for ${streamId}`);
        await ctx.sendDataStream(Dest.actor(caller), { streamId, sequence: BigInt(sequence), payload });
        if (sequence < count) await sleep(this.intervalMs);
      }
    } catch (error) {
      console.error(`stream ${streamId}: pushing stopped:`, error instanceof Error ? error.message : error);
    } finally {
      this.registrations.delete(streamId);
    }
  }
}
