import { create } from "@bufbuild/protobuf";
import { ServiceSpecSchema } from "@actr/protocol";
import type { ServiceSpec } from "@actr/protocol";
import type { ExportedService } from "../workload/workload.js";

/** The ServiceSpec a workload publishes to signaling at registration. */
export function toServiceSpec(spec: ExportedService | undefined): ServiceSpec | undefined {
  if (spec === undefined) return undefined;
  return create(ServiceSpecSchema, {
    name: spec.name,
    fingerprint: spec.fingerprint,
    protobufs: spec.protos.map((proto) => ({ package: proto.package, content: proto.content, fingerprint: proto.fingerprint })),
  });
}
