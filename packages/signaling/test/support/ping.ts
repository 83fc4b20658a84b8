import { create } from "@bufbuild/protobuf";
import { PingSchema, ServiceAvailabilityState, type Ping } from "@actr/protocol";

/** A Ping with every required field set. */
export function ping(): { case: "ping"; value: Ping } {
  return { case: "ping", value: create(PingSchema, { availability: ServiceAvailabilityState.FULL, powerReserve: 1, mailboxBacklog: 0 }) };
}
