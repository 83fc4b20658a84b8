/** The settings that make `wire` ("websocket" or "webrtc") the only one between two actors on this machine. */
export function wireConfig(wire: string) {
  return wire === "webrtc"
    ? { websocketListenPort: undefined, webrtc: { engine: "node-datachannel", hostAddress: "127.0.0.1" } as const }
    : { websocketListenPort: 0, webrtc: { enabled: false } };
}
