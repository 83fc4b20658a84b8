import type { Direction } from "@actr/protocol";
import type { PayloadType } from "../common/payload-type.js";
import type { CallLineage } from "../context/call-lineage.js";
import type { ErrorReply } from "../errors/error-response.js";

/** Who sent a message in the mailbox; decides where its reply goes. */
export const Origin = {
  /** The app that hosts the actor (ActrRef). */
  Shell: 0,
  /** The workload itself (Dest.local() from a handler). */
  Local: 1,
  /** A remote actor; `sender` holds its encoded ActrId. */
  Remote: 2,
} as const;
export type Origin = (typeof Origin)[keyof typeof Origin];

/** A request or tell waiting for the State Path: its envelope as fields, never encoded again. */
export interface InboxMessage {
  readonly kind: Direction.REQUEST | Direction.TELL;
  readonly origin: Origin;
  /** Encoded ActrId of a remote sender, undefined for inproc messages. */
  readonly sender: Uint8Array | undefined;
  readonly requestId: string;
  readonly routeKey: string;
  readonly payload: Uint8Array;
  /** The lane it came on (RPC_SIGNAL or RPC_RELIABLE); the reply goes back on it. */
  readonly payloadType: PayloadType;
  readonly timeoutMs: number;
  /** The caller's trace context and the actors waiting for it; undefined when the caller sent none. */
  readonly lineage?: CallLineage | undefined;
}

/** The outcome of a handled message, kept so a redelivered or repeated request_id is answered without running again. */
export interface StoredResult {
  /** The response of a request; undefined for a tell or an error. */
  readonly payload: Uint8Array | undefined;
  readonly error: ErrorReply | undefined;
}

/** An inproc message in the State Path's queue. */
export interface InprocMessage extends InboxMessage {
  /** From nextArrival(): orders it against the other messages of its priority. */
  readonly arrival: number;
  /** The message object of a typed call, handed to the handler as is (then `payload` is empty); undefined for raw calls. */
  readonly request: unknown;
}

/** A remote message handed out by the durable mailbox; it stays on disk until acked. */
export interface ClaimedMessage extends InboxMessage {
  readonly seq: number;
  /** Set when this request_id was handled before. */
  readonly stored: StoredResult | undefined;
  /** From nextArrival(); 0 for messages left on disk by an earlier run, which came first. */
  readonly arrival: number;
  /** When it was received (epoch ms); with `timeoutMs` it gives the caller's deadline. */
  readonly receivedAt: number;
}

/** A message that could not be decoded or handled, kept for inspection. */
export interface DeadLetter {
  readonly reason: string;
  readonly payloadType: number | undefined;
  readonly sender: Uint8Array | undefined;
  readonly routeKey: string | undefined;
  readonly requestId: string | undefined;
  readonly data: Uint8Array | undefined;
}

/** A dead letter as the mailbox keeps it: the start of its data, with the full length and hash. */
export interface DeadLetterRecord extends Omit<DeadLetter, "data"> {
  readonly id: number;
  /** The first bytes of the data (up to the mailbox's deadLetterPrefixBytes). */
  readonly dataPrefix: Uint8Array | undefined;
  readonly dataLength: number | undefined;
  /** SHA-256 of the whole data, hex. */
  readonly dataSha256: string | undefined;
  readonly failedAt: Date;
}
