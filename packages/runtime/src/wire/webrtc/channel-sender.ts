import { TransportError } from "../../errors/actr-error.js";
import type { RtcDataChannel } from "./rtc-api.js";

interface Queued {
  readonly messages: readonly Uint8Array[];
  next: number;
  resolve(): void;
  reject(error: Error): void;
}

const RESOLVED: Promise<void> = Promise.resolve();

/**
 * Flow control of one DataChannel: at most `windowBytes` wait inside the engine; the rest waits
 * here, in order, until the channel reports bufferedamountlow (or, for a new channel, opens). Engines that queue thousands of
 * sends internally slow down (werift) or drop the channel (libwebrtc past 16 MiB), so the bound
 * lives on our side.
 */
export class ChannelSender {
  private readonly queue: Queued[] = [];
  private failure: Error | undefined;
  /**
   * Bytes that may be written without asking the channel: the window minus bufferedAmount when
   * last read, minus what was written since (bufferedAmount only grows by our writes). Reading
   * bufferedAmount is a native call on some engines, so it is read only when this runs out.
   */
  private budget = 0;

  constructor(
    private readonly channel: RtcDataChannel,
    private readonly windowBytes: number,
    private readonly describe: () => string,
    /** The channel refused a message: it is of no more use, and the wire must not stay preferred. */
    private readonly onRefused: (error: TransportError) => void,
  ) {
    channel.bufferedAmountLowThreshold = Math.floor(windowBytes / 2);
    channel.onbufferedamountlow = () => this.pump();
  }

  /** Resolves once every message is handed to the channel; the messages of one call stay together in order. */
  send(messages: readonly Uint8Array[]): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.queue.length === 0 && messages.length === 1 && this.writable(messages[0]!.byteLength)) {
      this.write(messages[0]!);
      return this.failure === undefined ? RESOLVED : Promise.reject(this.failure);
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ messages, next: 0, resolve, reject });
      if (this.queue.length === 1) this.pump();
    });
  }

  /** The channel opened: what waited for it goes out. */
  opened(): void {
    this.pump();
  }

  /** Rejects everything waiting; later sends reject at once. */
  fail(error: Error): void {
    this.failure ??= error;
    for (const queued of this.queue.splice(0)) queued.reject(this.failure);
  }

  private pump(): void {
    while (this.failure === undefined && this.queue.length > 0) {
      const head = this.queue[0]!;
      if (!this.writable(head.messages[head.next]!.byteLength)) return;
      this.write(head.messages[head.next++]!);
      if (head.next === head.messages.length) {
        this.queue.shift();
        head.resolve();
      }
    }
  }

  private writable(size: number): boolean {
    if (this.channel.readyState !== "open") return false;
    if (this.budget >= size) return true;
    this.budget = this.windowBytes - this.channel.bufferedAmount;
    return this.budget > 0;
  }

  private write(message: Uint8Array): void {
    this.budget -= message.byteLength;
    try {
      this.channel.send(message);
    } catch (error) {
      const refused = new TransportError(`DataChannel ${this.describe()} refused a message: ${(error as Error).message}`, { cause: error });
      this.fail(refused);
      this.onRefused(refused);
    }
  }
}
