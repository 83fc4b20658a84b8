import type { DescMethod, DescService } from "@bufbuild/protobuf";

// Field numbers in FileDescriptorProto / ServiceDescriptorProto (google/protobuf/descriptor.proto).
const FILE_SERVICE = 6;
const SERVICE_METHOD = 2;

/** `<file>:<line>:<col>` of a service or method (just `<file>` without source info). */
export function sourceLocation(desc: DescService | DescMethod): string {
  const service = desc.kind === "service" ? desc : desc.parent;
  const path = [FILE_SERVICE, service.file.services.indexOf(service)];
  if (desc.kind === "rpc") path.push(SERVICE_METHOD, service.methods.indexOf(desc));
  const location = service.file.proto.sourceCodeInfo?.location.find(
    (candidate) => candidate.path.length === path.length && candidate.path.every((part, i) => part === path[i]),
  );
  const [line, column] = location?.span ?? [];
  const where = line === undefined || column === undefined ? "" : `:${line + 1}:${column + 1}`;
  return `${service.file.proto.name}${where}`;
}
