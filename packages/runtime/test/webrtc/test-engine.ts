import { WEBRTC_ENGINES, type WebRtcEngineName } from "../../src/config/runtime-config.js";
import type { RtcEngine } from "../../src/wire/webrtc/rtc-api.js";
import { loadWebRtcEngine } from "../../src/wire/webrtc-node/load-engine.js";

export interface TestEngine {
  readonly name: WebRtcEngineName;
  readonly engine: RtcEngine;
}

/**
 * The engines tests run on. node-datachannel is optional: where it cannot load, its tests are left
 * out with a message saying why, except under CI=true, where every engine must run.
 */
export async function runnableEngines(): Promise<readonly TestEngine[]> {
  const engines: TestEngine[] = [];
  for (const name of WEBRTC_ENGINES) {
    try {
      engines.push({ name, engine: await loadWebRtcEngine(name) });
    } catch (error) {
      if (process.env["CI"] === "true") throw error;
      console.warn(`Skipping the ${name} tests: ${(error as Error).message}`);
    }
  }
  return engines;
}
