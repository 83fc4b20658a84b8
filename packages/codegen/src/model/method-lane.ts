import { getExtension, hasExtension } from "@bufbuild/protobuf";
import type { DescExtension, DescFile, DescMethod } from "@bufbuild/protobuf";
import { GeneratorError } from "../generator-error.js";
import { sourceLocation } from "./source-location.js";

/** The members of actr.PayloadType that an rpc may travel on. */
export type RpcLane = "RPC_RELIABLE" | "RPC_SIGNAL";

const OPTIONS_FILE = "actr/options.proto";
const OPTION_NAME = "actr.payload_type";
// Values of actr.PayloadType (proto/actr/rpc.proto).
const LANES: ReadonlyMap<number, RpcLane> = new Map([
  [0, "RPC_RELIABLE"],
  [1, "RPC_SIGNAL"],
]);

/** Reads `option (actr.payload_type) = ...;` of the methods; absent means RPC_RELIABLE. */
export class MethodLanes {
  readonly #extension: DescExtension | undefined;

  constructor(allFiles: readonly DescFile[]) {
    const options = allFiles.find((file) => file.proto.name === OPTIONS_FILE);
    this.#extension = options?.extensions.find((extension) => extension.typeName === OPTION_NAME);
  }

  of(method: DescMethod): RpcLane {
    const options = method.proto.options;
    if (this.#extension === undefined || options === undefined || !hasExtension(options, this.#extension)) {
      return "RPC_RELIABLE";
    }
    const value = getExtension(options, this.#extension) as number;
    const lane = LANES.get(value);
    if (lane === undefined) {
      const name = this.#extension.enum?.values.find((v) => v.number === value)?.name ?? String(value);
      throw new GeneratorError(
        `${sourceLocation(method)}: ${method.parent.typeName}.${method.name} sets (${OPTION_NAME}) = ${name}, ` +
          `which is not an rpc lane; use RPC_RELIABLE (the default) or RPC_SIGNAL`,
      );
    }
    return lane;
  }
}
