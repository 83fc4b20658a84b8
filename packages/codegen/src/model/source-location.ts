import type { DescFile, DescMessage, DescMethod, DescService } from "@bufbuild/protobuf";

// Field numbers in FileDescriptorProto / ServiceDescriptorProto (google/protobuf/descriptor.proto).
const FILE_MESSAGE = 4;
const FILE_SERVICE = 6;
const SERVICE_METHOD = 2;

/** `<file>:<line>:<col>` of a service, method or top-level message (just `<file>` without source info). */
export function sourceLocation(desc: DescService | DescMethod | DescMessage): string {
  const { file, path } = locationPath(desc);
  const location = file.proto.sourceCodeInfo?.location.find(
    (candidate) => candidate.path.length === path.length && candidate.path.every((part, i) => part === path[i]),
  );
  const [line, column] = location?.span ?? [];
  const where = line === undefined || column === undefined ? "" : `:${line + 1}:${column + 1}`;
  return `${file.proto.name}${where}`;
}

function locationPath(desc: DescService | DescMethod | DescMessage): { file: DescFile; path: number[] } {
  if (desc.kind === "message") return { file: desc.file, path: [FILE_MESSAGE, desc.file.messages.indexOf(desc)] };
  const service = desc.kind === "service" ? desc : desc.parent;
  const path = [FILE_SERVICE, service.file.services.indexOf(service)];
  if (desc.kind === "rpc") path.push(SERVICE_METHOD, service.methods.indexOf(desc));
  return { file: service.file, path };
}
