import type { DescFile } from "@bufbuild/protobuf";
import { GeneratorError } from "../generator-error.js";
import { sourceLocation } from "./source-location.js";

// ts-proto declares a top-level message under its own name and names these globals in the same
// file (decode(input: Uint8Array), Object.entries for maps, Partial<T> in DeepPartial), so its code
// does not compile; the actor file names ts-proto's messages under these names too.
const SHADOWED_BY_TS_PROTO = new Set(["Uint8Array", "Object", "Partial"]);

/** Fails, before ts-proto writes code that cannot compile, on a message named like a global it uses. */
export function checkTsProtoMessageNames(files: readonly DescFile[]): void {
  for (const file of files) {
    for (const message of file.messages) {
      if (!SHADOWED_BY_TS_PROTO.has(message.name)) continue;
      throw new GeneratorError(
        `${sourceLocation(message)}: message ${message.typeName} hides the JavaScript global ${message.name} in ts-proto's code, ` +
          `which then does not compile; rename the message or use --message-lib protobuf-es`,
      );
    }
  }
}
