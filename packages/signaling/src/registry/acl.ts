// The rule is shared with the runtime, which applies it at its peer socket.
export { aclAllows } from "@actr/protocol";
