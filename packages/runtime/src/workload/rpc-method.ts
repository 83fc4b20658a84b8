import { create, fromBinary, getOption, isMessage, toBinary } from "@bufbuild/protobuf";
import type { DescMessage, DescMethod, DescMethodUnary, MessageInitShape, MessageShape } from "@bufbuild/protobuf";
import { PayloadType, payload_type } from "@actr/protocol";
import { InvalidArgumentError } from "../errors/actr-error.js";

/** The message functions ts-proto generates for each message. */
export interface TsProtoMessageFns<T> {
  encode(message: T): { finish(): Uint8Array };
  decode(input: Uint8Array): T;
  fromPartial(object: never): T;
}

/**
 * One rpc of a ts-proto service. ts-proto emits no descriptor, so the generated actor file holds
 * what protobuf-es would keep in its embedded one: names, message functions and the lane.
 */
export interface TsProtoMethod<Req, Res> {
  readonly kind: "ts-proto";
  /** Fully-qualified service name, e.g. "greeter.v1.Greeter". */
  readonly service: string;
  /** The proto method name, e.g. "SayHello". */
  readonly name: string;
  /** The handler member, e.g. "sayHello". */
  readonly localName: string;
  readonly payloadType: PayloadType;
  readonly input: TsProtoMessageFns<Req>;
  readonly output: TsProtoMessageFns<Res>;
}

/** What `call` and `tell` take: a protobuf-es method descriptor (`EchoService.method.echo`) or a ts-proto one. */
// Variance: the message types only flow through method parameters, which TypeScript checks bivariantly.
export type RpcMethod = DescMethodUnary | TsProtoMethod<unknown, unknown>;

/** What a call of `M` accepts: the message, or an init object. */
export type RequestOf<M> =
  M extends DescMethodUnary<infer I> ? MessageInitShape<I> : M extends TsProtoMethod<infer Req, unknown> ? Req | Partial<Req> : never;
/** What a call of `M` resolves to. */
export type ResponseOf<M> =
  M extends DescMethodUnary<DescMessage, infer O> ? MessageShape<O> : M extends TsProtoMethod<unknown, infer Res> ? Res : never;

/** What the runtime knows about a method, whatever generated it; derived once per descriptor. */
export interface MethodInfo {
  readonly routeKey: string;
  readonly localName: string;
  readonly payloadType: PayloadType;
  readonly inputName: string;
  readonly outputName: string;
  /** The request as the handler sees it: the message itself when given one, else built from the init object. */
  request(value: unknown): unknown;
  /** The response as the caller sees it. */
  response(value: unknown): unknown;
  encodeRequest(value: unknown): Uint8Array;
  decodeRequest(bytes: Uint8Array): unknown;
  encodeResponse(value: unknown): Uint8Array;
  decodeResponse(bytes: Uint8Array): unknown;
}

const infos = new WeakMap<object, MethodInfo>();

/** Any method: a unary one, or a streaming one (then the codecs apply to each message of its streams). */
export function methodInfo(method: RpcMethod | DescMethod): MethodInfo {
  let info = infos.get(method);
  if (info === undefined) {
    info = method.kind === "ts-proto" ? tsProtoInfo(method) : esInfo(method);
    infos.set(method, info);
  }
  return info;
}

/** Route key: `<service type name>.<method name>`. */
function routeKeyOf(serviceTypeName: string, methodName: string): string {
  return `${serviceTypeName}.${methodName}`;
}

function esInfo(method: DescMethod): MethodInfo {
  const { input, output } = method;
  const routeKey = routeKeyOf(method.parent.typeName, method.name);
  const build = (schema: DescMessage) => (value: unknown) =>
    isMessage(value, schema) ? value : create(schema, value as MessageInitShape<DescMessage>);
  const request = build(input);
  const response = build(output);
  return {
    routeKey,
    localName: method.localName,
    payloadType: rpcLane(getOption(method, payload_type), routeKey),
    inputName: input.typeName,
    outputName: output.typeName,
    request,
    response,
    encodeRequest: (value) => toBinary(input, request(value) as MessageShape<DescMessage>),
    decodeRequest: (bytes) => fromBinary(input, bytes),
    encodeResponse: (value) => toBinary(output, response(value) as MessageShape<DescMessage>),
    decodeResponse: (bytes) => fromBinary(output, bytes),
  };
}

function tsProtoInfo(method: TsProtoMethod<unknown, unknown>): MethodInfo {
  const input = method.input as TsProtoMessageFns<unknown>;
  const output = method.output as TsProtoMessageFns<unknown>;
  const routeKey = routeKeyOf(method.service, method.name);
  const request = (value: unknown): unknown => input.fromPartial(value as never);
  const response = (value: unknown): unknown => output.fromPartial(value as never);
  return {
    routeKey,
    localName: method.localName,
    payloadType: rpcLane(method.payloadType, routeKey),
    inputName: `${method.name} request`,
    outputName: `${method.name} response`,
    request,
    response,
    encodeRequest: (value) => input.encode(request(value)).finish(),
    decodeRequest: (bytes) => input.decode(bytes),
    encodeResponse: (value) => output.encode(response(value)).finish(),
    decodeResponse: (bytes) => output.decode(bytes),
  };
}

/** Only the RPC lanes carry requests. */
export function rpcLane(payloadType: PayloadType, what: string): PayloadType {
  if (payloadType !== PayloadType.RPC_RELIABLE && payloadType !== PayloadType.RPC_SIGNAL) {
    throw new InvalidArgumentError(`${what}: ${PayloadType[payloadType] ?? payloadType} is not an RPC lane; use PayloadType.RPC_RELIABLE or RPC_SIGNAL`);
  }
  return payloadType;
}
