/** The SignalingEnvelope version actors and the server write; readers accept any (released reference actors write 1). */
export const SIGNALING_ENVELOPE_VERSION = 2;
