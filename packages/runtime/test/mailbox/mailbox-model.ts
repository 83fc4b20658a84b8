import { copyFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { Direction } from "@actr/protocol";
import { expect } from "vitest";
import { PayloadType } from "@actr/runtime";
import { SqliteMailbox } from "@actr/runtime";
import { Origin } from "@actr/runtime/internal";
import type { ClaimedMessage, StoredResult } from "@actr/runtime";
import { memoryLogger } from "../support/temp-dir.js";
import { DiskView, resultKey, uidOf } from "./disk-view.js";
import { pick, type Random } from "./seeded-random.js";

/** What the model knows of one remote message; `uid` is also its payload, to recognise it. */
interface ModelMessage {
  readonly uid: number;
  readonly signal: boolean;
  readonly sender: number;
  readonly requestId: string;
  committed: boolean;
  /** Its ack (or dead-lettering) is committed: it must never come back. */
  deleted: boolean;
  /** Handed out in the current lifetime. */
  claimed: boolean;
}

/** The latest result stored for one (sender, request_id): committed, and a newer one waiting for its commit. */
interface ModelResult {
  readonly sender: number;
  readonly requestId: string;
  committed: number | undefined;
  pending: number | undefined;
}

export type Operation = "enqueue" | "peek" | "claim" | "handle" | "ack" | "end-turn" | "crash" | "restart" | "burst";

const WEIGHTS: readonly [Operation, number][] = [
  ["enqueue", 30],
  ["peek", 5],
  ["claim", 22],
  ["handle", 15],
  ["ack", 13],
  ["end-turn", 10],
  ["crash", 2],
  ["restart", 1],
  ["burst", 3],
];
/** Up to this many enqueues or claims in one turn: more than a claim window (32), and that many in flight. */
const MAX_BURST = 48;
/** Rescaled every PHASE steps, so runs go through phases that pile up a backlog, keep many messages in flight, or drain. */
const JITTERED: ReadonlySet<Operation> = new Set(["enqueue", "claim", "handle", "ack", "end-turn"]);
const PHASE = 60;

/**
 * Drives a real mailbox file with random operations the way the runtime uses it (claim, store the
 * result, reply once it is committed, then ack) and checks it against a model after every step.
 * The model learns what is committed from afterCommit callbacks, so it knows exactly what a crash
 * must keep and what it must drop.
 */
export class MailboxModel {
  readonly #messages = new Map<number, ModelMessage>();
  readonly #results = new Map<string, ModelResult>();
  /** Claimed this lifetime, not handled yet. */
  readonly #inHand = new Map<number, ClaimedMessage>();
  /** Replied (their result is committed), waiting for their ack. */
  #replied: ClaimedMessage[] = [];
  #life = 0;
  #files = 0;
  #uncommitted = 0;
  #nextUid = 0;
  #nextValue = 0;
  /** Uids of the dead-lettered messages, oldest first (the model never reaches the table's bounds). */
  readonly #deadLetters: number[] = [];
  #weights: readonly [Operation, number][] = WEIGHTS;
  #totalWeight = 0;
  #steps = 0;
  #path: string;
  #mailbox: SqliteMailbox;
  #disk: DiskView;

  constructor(
    private readonly dir: string,
    private readonly random: Random,
  ) {
    this.#path = this.#newPath();
    this.#mailbox = SqliteMailbox.open(this.#path, memoryLogger());
    this.#disk = new DiskView(this.#path);
  }

  async step(): Promise<Operation> {
    const operation = this.#pickOperation();
    if (operation === "enqueue") this.#enqueue();
    else if (operation === "peek") this.#next(false);
    else if (operation === "claim") this.#next(true);
    else if (operation === "handle") this.#handle();
    else if (operation === "ack") this.#ack();
    else if (operation === "end-turn") await this.#endTurn();
    else if (operation === "crash") this.#crash();
    else if (operation === "restart") this.#restart();
    else this.#burst();
    this.#checkDisk();
    return operation;
  }

  close(): void {
    this.#life++;
    this.#mailbox.close();
    this.#disk.close();
  }

  #pickOperation(): Operation {
    if (this.#steps++ % PHASE === 0) {
      this.#weights = WEIGHTS.map(([operation, weight]) => [operation, JITTERED.has(operation) ? weight * 2 * this.random() : weight]);
      this.#totalWeight = this.#weights.reduce((sum, [, weight]) => sum + weight, 0);
    }
    let roll = this.random() * this.#totalWeight;
    for (const [operation, weight] of this.#weights) {
      roll -= weight;
      if (roll < 0) return operation;
    }
    return "enqueue";
  }

  /**
   * New request ids mostly; sometimes the id of an earlier message (handled or not yet), from its
   * sender or (then not a repeat) from another one.
   */
  #enqueue(): void {
    const uid = ++this.#nextUid;
    const repeated = this.random() < 0.25 ? pick(this.random, [...this.#messages.values()]) : undefined;
    const sender = repeated === undefined || this.random() < 0.2 ? Math.floor(this.random() * 3) : repeated.sender;
    const message: ModelMessage = {
      uid,
      signal: this.random() < 0.3,
      sender,
      requestId: repeated?.requestId ?? `r${uid}`,
      committed: false,
      deleted: false,
      claimed: false,
    };
    this.#messages.set(uid, message);
    this.#mailbox.enqueue({
      kind: Direction.REQUEST,
      origin: Origin.Remote,
      sender: new Uint8Array([sender]),
      requestId: message.requestId,
      routeKey: "t.S.M",
      payload: new TextEncoder().encode(String(uid)),
      payloadType: message.signal ? PayloadType.RPC_SIGNAL : PayloadType.RPC_RELIABLE,
      timeoutMs: 1000,
    });
    this.#onCommit(() => (message.committed = true));
  }

  /** Peeks or claims, and checks it is the first committed message not handed out yet, with the latest stored result. */
  #next(claim: boolean): void {
    const got = claim ? this.#mailbox.claim() : this.#mailbox.peek();
    // Commits the call made have run their callbacks by now: the model is up to date.
    const waiting = [...this.#messages.values()].filter((m) => m.committed && !m.deleted && !m.claimed);
    const first = waiting.reduce<ModelMessage | undefined>((best, m) => (best === undefined || goesFirst(m, best) ? m : best), undefined);
    expect(got === undefined ? undefined : uidOf(got.payload), `${claim ? "claim" : "peek"} order`).toBe(first?.uid);
    if (got === undefined) {
      expect([...this.#messages.values()].filter((m) => !m.committed), "enqueued messages left uncommitted while nothing is claimable").toEqual([]);
      return;
    }
    if (!claim) return;
    const message = this.#messages.get(uidOf(got.payload));
    if (message === undefined) throw new Error(`claimed an unknown message ${uidOf(got.payload)}`);
    message.claimed = true;
    const result = this.#results.get(resultKey(message.sender, message.requestId));
    expect(got.stored === undefined ? undefined : valueOf(got.stored), `stored result of ${message.uid}`).toBe(result?.pending ?? result?.committed);
    this.#inHand.set(message.uid, got);
  }

  /** A peer sending a batch, or the State Path claiming many messages while their replies wait. */
  #burst(): void {
    const enqueue = this.random() < 0.5;
    const count = 1 + Math.floor(this.random() * MAX_BURST);
    for (let i = 0; i < count; i++) {
      if (enqueue) this.#enqueue();
      else this.#next(true);
    }
  }

  /** Like the message runner: store the result (unless replaying one), reply once it is committed. */
  #handle(): void {
    const claimed = pick(this.random, [...this.#inHand.values()]);
    if (claimed === undefined) return;
    this.#inHand.delete(uidOf(claimed.payload));
    if (claimed.stored === undefined) {
      const value = ++this.#nextValue;
      const sender = claimed.sender?.[0] ?? -1;
      const key = resultKey(sender, claimed.requestId);
      const result = this.#results.get(key) ?? { sender, requestId: claimed.requestId, committed: undefined, pending: undefined };
      this.#results.set(key, result);
      result.pending = value;
      this.#mailbox.storeResult(claimed.sender, claimed.requestId, storedValue(value));
      this.#onCommit(() => {
        result.committed = value;
        if (result.pending === value) result.pending = undefined;
      });
    }
    this.#onCommit(() => this.#replied.push(claimed));
  }

  /** Acks a replied message, or now and then dead-letters it (which commits at once). */
  #ack(): void {
    const claimed = pick(this.random, this.#replied);
    if (claimed === undefined) return;
    this.#replied = this.#replied.filter((m) => m !== claimed);
    const message = this.#messages.get(uidOf(claimed.payload));
    if (message === undefined) throw new Error(`acking an unknown message ${uidOf(claimed.payload)}`);
    if (this.random() < 0.1) {
      const { payloadType, sender, routeKey, requestId, payload } = claimed;
      this.#mailbox.deadLetter({ reason: "model", payloadType, sender, routeKey, requestId, data: payload }, claimed.seq);
      this.#deadLetters.push(message.uid);
      message.deleted = true;
      return;
    }
    this.#mailbox.ack(claimed.seq);
    this.#onCommit(() => (message.deleted = true));
  }

  /** The runtime commits at the end of every event-loop turn. */
  async #endTurn(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    expect(this.#uncommitted, "writes left uncommitted after the turn").toBe(0);
  }

  /**
   * The process dies: the file is taken as it is on disk right now and opened under a new name,
   * so the old instance (closed afterwards, its callbacks ignored) can never write to it again.
   */
  #crash(): void {
    const from = this.#path;
    this.#path = this.#newPath();
    for (const suffix of ["", "-wal"]) if (existsSync(from + suffix)) copyFileSync(from + suffix, this.#path + suffix);
    this.#life++;
    this.#uncommitted = 0;
    this.#mailbox.close();
    for (const [uid, message] of this.#messages) if (!message.committed) this.#messages.delete(uid);
    for (const [key, result] of this.#results) {
      result.pending = undefined;
      if (result.committed === undefined) this.#results.delete(key);
    }
    this.#reopen();
  }

  /** A clean shutdown commits everything pending. */
  #restart(): void {
    this.#mailbox.close();
    expect(this.#uncommitted, "writes left uncommitted by close").toBe(0);
    this.#life++;
    this.#reopen();
  }

  #reopen(): void {
    for (const message of this.#messages.values()) message.claimed = false;
    this.#inHand.clear();
    this.#replied = [];
    this.#disk.close();
    this.#mailbox = SqliteMailbox.open(this.#path, memoryLogger());
    this.#disk = new DiskView(this.#path);
  }

  /** The committed state on disk is exactly what the model says was committed. */
  #checkDisk(): void {
    const expected = [...this.#messages.values()].filter((m) => m.committed && !m.deleted).map((m) => m.uid);
    expect(this.#disk.messages(), "messages on disk").toEqual(expected.sort((a, b) => a - b));
    const results = new Map<string, number>();
    for (const [key, result] of this.#results) if (result.committed !== undefined) results.set(key, result.committed);
    expect(this.#disk.latestResults(valueOf), "stored results on disk").toEqual(results);
    expect(this.#disk.deadLetters(), "dead letters on disk").toEqual(this.#deadLetters);
  }

  /** Applies `effect` to the model once the writes made so far are committed, unless the process died first. */
  #onCommit(effect: () => void): void {
    const life = this.#life;
    this.#uncommitted++;
    this.#mailbox.afterCommit(() => {
      if (life !== this.#life) return;
      this.#uncommitted--;
      effect();
    });
  }

  #newPath(): string {
    return join(this.dir, `mailbox-${++this.#files}.db`);
  }
}

function goesFirst(a: ModelMessage, b: ModelMessage): boolean {
  return a.signal !== b.signal ? a.signal : a.uid < b.uid;
}

/** Odd values are stored as errors, so both kinds of result go through the table. */
function storedValue(value: number): StoredResult {
  return value % 2 === 0
    ? { payload: new TextEncoder().encode(String(value)), error: undefined }
    : { payload: undefined, error: { code: 2, message: String(value) } };
}

function valueOf(stored: StoredResult): number {
  return Number(stored.error?.message ?? new TextDecoder().decode(stored.payload));
}
