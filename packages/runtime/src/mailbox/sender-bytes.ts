import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { ActrIdSchema, type ActrId } from "@actr/protocol";

// A wire hands every frame the same peer ActrId object, and a busy mailbox holds runs of messages
// from one sender: both memos spare the protobuf reflection on the hot path.
const encoded = new WeakMap<ActrId, Uint8Array>();
let lastBytes: Uint8Array | undefined;
let lastId: ActrId | undefined;

/** The encoded ActrId kept in the mailbox's `sender` column. */
export function senderToBytes(id: ActrId): Uint8Array {
  let bytes = encoded.get(id);
  if (bytes === undefined) {
    bytes = toBinary(ActrIdSchema, id);
    encoded.set(id, bytes);
  }
  return bytes;
}

export function senderFromBytes(bytes: Uint8Array): ActrId {
  if (lastId !== undefined && lastBytes !== undefined && sameBytes(lastBytes, bytes)) return lastId;
  lastId = fromBinary(ActrIdSchema, bytes);
  lastBytes = bytes;
  return lastId;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}
