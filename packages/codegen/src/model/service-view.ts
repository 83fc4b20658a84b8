import type { DescMethod, DescService } from "@bufbuild/protobuf";
import { safeIdentifier } from "@bufbuild/protoplugin";
import { GeneratorError } from "../generator-error.js";
import { jsDoc, protoComment } from "./doc-comment.js";
import type { MethodLanes, RpcLane } from "./method-lane.js";
import { messageRef } from "./message-ref.js";
import type { MessageRef, MessageRefContext } from "./message-ref.js";
import { sourceLocation } from "./source-location.js";

/** What the templates need to know about one method. */
export interface MethodView {
  readonly localName: string;
  readonly protoName: string;
  readonly routeKey: string;
  readonly payloadType: RpcLane;
  readonly input: MessageRef;
  readonly output: MessageRef;
  /** Name of the fire-and-forget form, for methods that answer google.protobuf.Empty. */
  readonly tellName: string | undefined;
  /** JSDoc for a member, indented by 2 and by 4. */
  readonly doc2: string;
  readonly doc4: string;
}

/** The identifiers a service declares in generated code. */
export interface ServiceNames {
  readonly routes: string;
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
  readonly doc: string;
  readonly methods: readonly MethodView[];
}

const EMPTY = "google.protobuf.Empty";
// Members of the generated Handler interface that methods must not shadow.
const HANDLER_HOOKS = new Set(["onStart", "onStop"]);

export function serviceNames(service: DescService): ServiceNames {
  const base = safeIdentifier(service.name);
  return {
    routes: `${base}Routes`,
    descriptor: base,
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
export function checkService(service: DescService): void {
  const members = new Map<string, string>();
  for (const method of service.methods) {
    const where = `${sourceLocation(method)}: ${service.typeName}.${method.name}`;
    if (method.methodKind !== "unary") {
      throw new GeneratorError(
        `${where} is a ${method.methodKind.replace("_", " ")} rpc; actr methods are unary ` +
          `(send a stream of messages with ctx.sendDataStream and a stream callback instead)`,
      );
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
  checkService(service);
  const pkg = service.file.proto.package;
  return {
    typeName: service.typeName,
    names: serviceNames(service),
    doc: jsDoc(protoComment(service, `${service.typeName} as data: one descriptor per method.`), 0),
    methods: service.methods.map((method) => {
      const [localName, tellName] = clientMembers(method);
      const doc = protoComment(method, `${service.typeName}.${method.name}`);
      return {
        localName: localName as string,
        protoName: method.name,
        routeKey: pkg === "" ? `${service.name}.${method.name}` : `${pkg}.${service.name}.${method.name}`,
        payloadType: lanes.of(method),
        input: messageRef(method.input, refs),
        output: messageRef(method.output, refs),
        tellName,
        doc2: jsDoc(doc, 2),
        doc4: jsDoc(doc, 4),
      };
    }),
  };
}

function clientMembers(method: DescMethod): string[] {
  const names = [method.localName];
  if (method.output.typeName === EMPTY) names.push(`tell${method.name.charAt(0).toUpperCase()}${method.name.slice(1)}`);
  return names;
}
