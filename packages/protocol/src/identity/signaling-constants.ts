/** The only SignalingEnvelope version actors and the server speak (wire.md, signaling). */
export const SIGNALING_ENVELOPE_VERSION = 2;
