// Actors on a real signaling server (loopback), talking over the wires `webrtc` and `websocket` allow.
import { ActrSystem } from "@actr/runtime";
import type { ActrRef, Workload } from "@actr/runtime";
import type { RuntimeConfigInit } from "@actr/runtime/core";
import { createNetworkStarter } from "../../src/network/start-network.js";
import { TestSignaling } from "../network/network-fixture.js";
import { memoryLogger } from "./temp-dir.js";

export interface NetworkedActors {
  /** Starts an actor of `actrType` serving `workload`, in realm 1 with an in-memory mailbox. */
  start(actrType: string, workload: Workload): Promise<ActrRef>;
  /** Shuts down every actor started, then the signaling server. */
  close(): Promise<void>;
}

export async function networkedActors(webrtc: RuntimeConfigInit["webrtc"], websocket: boolean): Promise<NetworkedActors> {
  const signaling = new TestSignaling();
  await signaling.start();
  const network = createNetworkStarter({ reconnect: { initialMs: 50, maxMs: 200 }, requestTimeoutMs: 5_000 });
  const refs: ActrRef[] = [];
  return {
    async start(actrType, workload) {
      const system = await ActrSystem.fromConfig(
        { actrType, realmId: 1, signaling: signaling.server.wsUrl, websocketListenPort: websocket ? 0 : undefined, mailboxPath: ":memory:", webrtc },
        { network, logger: memoryLogger() },
      );
      const ref = await system.attach(workload).start();
      refs.push(ref);
      return ref;
    },
    async close() {
      await Promise.all(refs.map((ref) => ref.shutdown()));
      await signaling.stop();
    },
  };
}
