// @actr/protocol on Node: everything a browser gets (browser.ts), plus the helpers that sign and
// verify credentials and keep signing keys on disk (node:crypto, node:fs).
export * from "./browser.js";
export * from "./identity/node.js";
