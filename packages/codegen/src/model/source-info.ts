import { isFieldSet } from "@bufbuild/protobuf";
import type { DescEnum, DescEnumValue, DescExtension, DescField, DescFile, DescMessage, DescMethod, DescOneof, DescService } from "@bufbuild/protobuf";
import { SourceCodeInfo_LocationSchema } from "@bufbuild/protobuf/wkt";
import type { DescriptorProto, EnumDescriptorProto, FileDescriptorProto, SourceCodeInfo_Location } from "@bufbuild/protobuf/wkt";

/** An element of a proto file that has a place in its source info. */
export type SourceDesc = DescMessage | DescEnum | DescEnumValue | DescField | DescExtension | DescOneof | DescService | DescMethod;

// Field numbers in google/protobuf/descriptor.proto, the steps of a source path.
const FILE = { message: 4, enum: 5, service: 6, extension: 7 };
const MESSAGE = { field: 2, nested: 3, enum: 4, extension: 6, oneof: 8 };
const ENUM_VALUE = 2;
const SERVICE_METHOD = 2;

type Element = object;

// Per file, the source location of each element, looked up by the element's descriptor proto.
// protoplugin's getComments searches every location for every element, which is quadratic in the
// size of the file; googleapis files run to 100,000 locations.
const indexes = new WeakMap<DescFile, Map<Element, SourceCodeInfo_Location>>();

/** The source location of `desc` (span and comments), or undefined without source info. */
export function sourceInfo(desc: SourceDesc): SourceCodeInfo_Location | undefined {
  return index(fileOf(desc)).get(desc.proto);
}

/** The leading comment of `desc` as protoc keeps it (lines joined by "\n"), or undefined without one. */
export function leadingComment(desc: SourceDesc): string | undefined {
  const location = sourceInfo(desc);
  return location !== undefined && isFieldSet(location, SourceCodeInfo_LocationSchema.field.leadingComments) ? location.leadingComments : undefined;
}

/** The file an element is declared in. */
export function fileOf(desc: SourceDesc): DescFile {
  switch (desc.kind) {
    case "message":
    case "enum":
    case "extension":
    case "service":
      return desc.file;
    case "field":
    case "oneof":
    case "enum_value":
    case "rpc":
      return desc.parent.file;
  }
}

function index(file: DescFile): Map<Element, SourceCodeInfo_Location> {
  let found = indexes.get(file);
  if (found === undefined) {
    const byPath = new Map<string, SourceCodeInfo_Location>();
    for (const location of file.proto.sourceCodeInfo?.location ?? []) {
      const key = location.path.join(",");
      // protoc lists an element's own location before those of its parts; keep the first.
      if (!byPath.has(key)) byPath.set(key, location);
    }
    found = new Map();
    for (const [element, path] of elementPaths(file.proto)) {
      const location = byPath.get(path.join(","));
      if (location !== undefined) found.set(element, location);
    }
    indexes.set(file, found);
  }
  return found;
}

/** Every element of the file with its source path. */
function* elementPaths(file: FileDescriptorProto): Generator<[Element, number[]]> {
  for (const [i, message] of file.messageType.entries()) yield* messagePaths(message, [FILE.message, i]);
  for (const [i, enumeration] of file.enumType.entries()) yield* enumPaths(enumeration, [FILE.enum, i]);
  for (const [i, extension] of file.extension.entries()) yield [extension, [FILE.extension, i]];
  for (const [i, service] of file.service.entries()) {
    const path = [FILE.service, i];
    yield [service, path];
    for (const [j, method] of service.method.entries()) yield [method, [...path, SERVICE_METHOD, j]];
  }
}

function* messagePaths(message: DescriptorProto, path: number[]): Generator<[Element, number[]]> {
  yield [message, path];
  for (const [i, field] of message.field.entries()) yield [field, [...path, MESSAGE.field, i]];
  for (const [i, nested] of message.nestedType.entries()) yield* messagePaths(nested, [...path, MESSAGE.nested, i]);
  for (const [i, enumeration] of message.enumType.entries()) yield* enumPaths(enumeration, [...path, MESSAGE.enum, i]);
  for (const [i, extension] of message.extension.entries()) yield [extension, [...path, MESSAGE.extension, i]];
  for (const [i, oneof] of message.oneofDecl.entries()) yield [oneof, [...path, MESSAGE.oneof, i]];
}

function* enumPaths(enumeration: EnumDescriptorProto, path: number[]): Generator<[Element, number[]]> {
  yield [enumeration, path];
  for (const [i, value] of enumeration.value.entries()) yield [value, [...path, ENUM_VALUE, i]];
}
