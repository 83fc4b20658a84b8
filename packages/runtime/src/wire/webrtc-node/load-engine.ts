import type { WebRtcEngineName } from "../../config/runtime-config.js";
import { InvalidArgumentError } from "../../errors/actr-error.js";
import type { RtcEngine } from "../webrtc/rtc-api.js";
import { loadNodeDataChannelEngine } from "./node-datachannel-engine.js";
import { weriftEngine } from "./werift-engine.js";

/** Loads an engine; node-datachannel is an optional dependency and may be missing. */
export async function loadWebRtcEngine(name: WebRtcEngineName): Promise<RtcEngine> {
  if (name === "werift") return weriftEngine;
  try {
    return await loadNodeDataChannelEngine();
  } catch (error) {
    throw new InvalidArgumentError(
      `[system.webrtc] engine = "node-datachannel" cannot be loaded (${(error as Error).message}). ` +
        `Install it with \`npm install node-datachannel@0.33.4\`, or use engine = "werift".`,
    );
  }
}
