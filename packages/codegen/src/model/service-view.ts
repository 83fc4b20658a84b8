import type { DescMethod, DescService } from "@bufbuild/protobuf";
import { safeIdentifier } from "@bufbuild/protoplugin";
import type { GeneratedFile } from "@bufbuild/protoplugin";
import { GeneratorError } from "../generator-error.js";
import type { Marks } from "../render/marks.js";
import { deprecatedTag, jsDoc, protoComment } from "./doc-comment.js";
import type { MethodLanes } from "./method-lane.js";
import { messageRef } from "./message-ref.js";
import type { MessageRef, MessageRefContext } from "./message-ref.js";
import { GLOBALS } from "./runtime-names.js";
import { sourceLocation } from "./source-location.js";
import type { MessageLib } from "../plugin-options.js";

/** What the templates need to know about one method. */
export interface MethodView {
  readonly localName: string;
  readonly protoName: string;
  readonly routeKey: string;
  /** The PayloadType member of a non-default lane (ts-proto descriptors only hold it). */
  readonly lane: string | undefined;
  readonly input: MessageRef;
  readonly output: MessageRef;
  /** The handler's first parameter: `request: X`, or `requests: AsyncIterable<X>` for client and bidi streams. */
  readonly params: string;
  /** What a handler method returns: the response (message or init object), or an AsyncIterable of them for server and bidi streams. */
  readonly result: string;
  /** `async` or, for methods that yield responses, `async *` (scaffolds). */
  readonly asyncKeyword: string;
  /** The client member's first parameter, its result and the Caller verb it uses (`call` or `stream`). */
  readonly clientParams: string;
  readonly clientArg: string;
  readonly clientResult: string;
  readonly verb: string;
  /** Name of the fire-and-forget form, for methods that answer google.protobuf.Empty. */
  readonly tellName: string | undefined;
  /** Ends the one-line JSDoc of the tell form of a deprecated method with `@deprecated`; else empty. */
  readonly deprecated: string;
  /** JSDoc for a member, indented by 2 and by 4. */
  readonly doc2: string;
  readonly doc4: string;
}

/** The identifiers a service declares in generated code. */
export interface ServiceNames {
  readonly descriptor: string;
  readonly spec: string;
  readonly handler: string;
  readonly dispatcher: string;
  readonly workload: string;
  readonly client: string;
  readonly dependency: string;
  readonly impl: string;
}

export interface ServiceView {
  readonly typeName: string;
  readonly names: ServiceNames;
  /** `export const EchoServiceSpec` and the like: marks of protoplugin export statements. */
  readonly decl: Record<keyof ServiceNames, string>;
  /** The service descriptor as the code names it: protoc-gen-es's GenService, or the ts-proto adapter declared in the file. */
  readonly descriptor: string;
  readonly tsProto: boolean;
  readonly doc: string;
  /** Ends the JSDoc of each class and interface of a deprecated service with `@deprecated`; else empty. */
  readonly deprecated: string;
  readonly methods: readonly MethodView[];
}

const EMPTY = "google.protobuf.Empty";
// Members of the generated Handler interface that methods must not shadow.
const HANDLER_HOOKS = new Set(["onStart", "onStop"]);
const DECLARATIONS: Record<keyof ServiceNames, string> = {
  descriptor: "const",
  spec: "const",
  handler: "interface",
  dispatcher: "class",
  workload: "class",
  client: "class",
  dependency: "const",
  impl: "class",
};

export function serviceNames(service: DescService): ServiceNames {
  const base = service.name;
  return {
    // The ts-proto descriptor is declared under the service's own name, so it must not be a global.
    descriptor: (GLOBALS as readonly string[]).includes(base) ? `${base}$` : safeIdentifier(base),
    spec: `${base}Spec`,
    handler: `${base}Handler`,
    dispatcher: `${base}Dispatcher`,
    workload: `${base}Workload`,
    client: `${base}Client`,
    dependency: `${base}Dependency`,
    impl: `${base}Impl`,
  };
}

/** Fails with a message naming the method when a service cannot be generated. */
export function checkService(service: DescService, lib: MessageLib): void {
  const members = new Map<string, string>();
  for (const method of service.methods) {
    const where = `${sourceLocation(method)}: ${service.typeName}.${method.name}`;
    if (method.methodKind !== "unary" && lib === "ts-proto") {
      throw new GeneratorError(`${where} is a ${method.methodKind.replace("_", " ")} rpc; streaming rpcs need --message-lib protobuf-es`);
    }
    if (HANDLER_HOOKS.has(method.localName)) {
      throw new GeneratorError(`${where} clashes with the handler hook ${method.localName}(); rename the rpc`);
    }
    for (const member of clientMembers(method)) {
      const other = members.get(member);
      if (other !== undefined) {
        throw new GeneratorError(`${where} and ${other} both become the client member ${member}(); rename one of them`);
      }
      members.set(member, method.name);
    }
  }
}

export function serviceView(service: DescService, lanes: MethodLanes, refs: MessageRefContext): ServiceView {
  checkService(service, refs.lib);
  const { file, marks } = refs;
  const names = serviceNames(service);
  const tsProto = refs.lib === "ts-proto";
  return {
    typeName: service.typeName,
    names,
    decl: declarations(names, file, marks),
    descriptor: tsProto ? names.descriptor : marks.mark(file.importSchema(service)),
    tsProto,
    doc: jsDoc(protoComment(service, `${service.typeName} as data: one descriptor per method.`), 0),
    deprecated: deprecatedTag(service, 0),
    methods: service.methods.map((method) => {
      const [localName, tellName] = clientMembers(method);
      const doc = protoComment(method, `${service.typeName}.${method.name}`);
      const lane = lanes.of(method);
      const input = messageRef(method.input, refs);
      const output = messageRef(method.output, refs);
      return {
        ...signatures(method, input, output, refs.rt.Promise),
        localName: localName as string,
        protoName: method.name,
        routeKey: `${service.typeName}.${method.name}`,
        lane: lane === "RPC_RELIABLE" ? undefined : lane,
        input,
        output,
        tellName,
        deprecated: deprecatedTag(method, 2),
        doc2: jsDoc(doc, 2),
        doc4: jsDoc(doc, 4),
      };
    }),
  };
}

function declarations(names: ServiceNames, file: GeneratedFile, marks: Marks): Record<keyof ServiceNames, string> {
  const decl: Partial<Record<keyof ServiceNames, string>> = {};
  for (const key of Object.keys(DECLARATIONS) as (keyof ServiceNames)[]) {
    // Marks are cheap; only the ones a template prints become declarations.
    decl[key] = marks.mark(file.export(DECLARATIONS[key], names[key]));
  }
  return decl as Record<keyof ServiceNames, string>;
}

type Signatures = Pick<MethodView, "params" | "result" | "asyncKeyword" | "clientParams" | "clientArg" | "clientResult" | "verb">;

/** Handler and client signatures by method kind, in the style of connect-es. */
/** `promise` is the file's name for the global Promise, which a message or service may shadow. */
function signatures(method: DescMethod, input: MessageRef, output: MessageRef, promise: string): Signatures {
  const requestsIn = method.methodKind === "client_streaming" || method.methodKind === "bidi_streaming";
  const responsesOut = method.methodKind === "server_streaming" || method.methodKind === "bidi_streaming";
  const response = `${output.type} | ${output.init}`;
  const request = `${input.type} | ${input.init}`;
  return {
    params: requestsIn ? `requests: AsyncIterable<${input.type}>` : `request: ${input.type}`,
    result: responsesOut ? `AsyncIterable<${response}>` : `${promise}<${response}>`,
    asyncKeyword: responsesOut ? "async *" : "async ",
    clientParams: requestsIn ? `requests: AsyncIterable<${request}> | Iterable<${request}>` : `request: ${request}`,
    clientArg: requestsIn ? "requests" : "request",
    clientResult: responsesOut ? `AsyncIterable<${output.type}>` : `${promise}<${output.type}>`,
    verb: method.methodKind === "unary" ? "call" : "stream",
  };
}

function clientMembers(method: DescMethod): string[] {
  const names = [method.localName];
  if (method.methodKind === "unary" && method.output.typeName === EMPTY) names.push(`tell${method.name.charAt(0).toUpperCase()}${method.name.slice(1)}`);
  return names;
}
