// The paths a test reaches the streaming fixture's Ticker service by: inproc (Shell -> Workload,
// Dest.local()), an in-memory peer transport, and two actors over the real signaling server.
import { actrIdToString } from "@actr/protocol";
import { ActrSystem, Dest, InMemoryHub } from "@actr/runtime";
import type { ActrRef, Workload } from "@actr/runtime";
import type { RuntimeConfigInit } from "@actr/runtime/core";
import { TickerClient, TickerWorkload } from "../../../../fixtures/streaming/expected/ticker/ticker_actor.js";
import type { TickerHandler } from "../../../../fixtures/streaming/expected/ticker/ticker_actor.js";
import { networkedActors } from "./networked-actors.js";
import { ProbeWorkload } from "./probe-workload.js";
import { memoryLogger } from "./temp-dir.js";

const SIGNALING = "ws://127.0.0.1:1/signaling/ws";

/** A client of a fresh server, and the actors as spans name them (undefined within one actor). */
export interface TickerConnection {
  readonly client: TickerClient;
  readonly server: string | undefined;
  readonly caller: string | undefined;
}

export interface TickerPath {
  /** A client of a fresh server whose handler is `handler`. */
  connect(handler: TickerHandler): Promise<TickerConnection>;
  close(): Promise<void>;
}

/** The app calling its own workload. */
export async function inprocPath(): Promise<TickerPath> {
  const refs: ActrRef[] = [];
  return {
    async connect(handler) {
      const system = await ActrSystem.fromConfig({ actrType: "acme+Ticker", mailboxPath: ":memory:" }, { logger: memoryLogger() });
      const ref = await system.attach(new TickerWorkload(handler)).start();
      refs.push(ref);
      return { client: new TickerClient(ref, Dest.local()), server: undefined, caller: undefined };
    },
    close: async () => void (await Promise.all(refs.map((ref) => ref.shutdown()))),
  };
}

interface Actors {
  start(actrType: string, workload: Workload): Promise<ActrRef>;
  close(): Promise<void>;
}

/** Actors on one in-memory peer transport. */
export function hubActors(): Actors {
  const hub = new InMemoryHub();
  const refs: ActrRef[] = [];
  return {
    async start(actrType, workload) {
      const system = await ActrSystem.fromConfig({ actrType, mailboxPath: ":memory:", signaling: SIGNALING }, { network: hub.starter(), logger: memoryLogger() });
      const ref = await system.attach(workload).start();
      refs.push(ref);
      return ref;
    },
    close: async () => void (await Promise.all(refs.map((ref) => ref.shutdown()))),
  };
}

/** Two actors on an in-memory peer transport. */
export function inMemoryPath(): Promise<TickerPath> {
  return betweenActors(hubActors());
}

/** Two actors over the real signaling server, on the wires `webrtc` and `websocket` allow. */
export async function networkedPath(webrtc: RuntimeConfigInit["webrtc"], websocket: boolean): Promise<TickerPath> {
  return betweenActors(await networkedActors(webrtc, websocket));
}

/** A caller actor, and a fresh server actor for each connection. */
async function betweenActors(actors: Actors): Promise<TickerPath> {
  const caller = await actors.start("acme+Caller", new ProbeWorkload());
  return {
    async connect(handler) {
      const server = await actors.start("acme+Ticker", new TickerWorkload(handler));
      return { client: new TickerClient(caller, Dest.actor(server.actorId())), server: actrIdToString(server.actorId()), caller: actrIdToString(caller.actorId()) };
    },
    close: () => actors.close(),
  };
}
