import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { PayloadType, RpcEnvelopeSchema, Direction, payload_type } from "@actr/protocol";

const root = join(import.meta.dirname, "../../..");
const checkedIn = join(root, "packages/protocol/src/gen");

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

describe("protocol package", () => {
  const out = mkdtempSync(join(tmpdir(), "actr-protocol-"));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("matches what proto/ generates (run `npm run protocol:gen` after editing proto/)", () => {
    execFileSync("npx", ["buf", "generate", "proto", "--template", "proto/buf.gen.yaml", "-o", out], {
      cwd: root,
      stdio: "pipe",
    });
    const generated = join(out, "packages/protocol/src/gen");
    expect(listFiles(generated)).toEqual(listFiles(checkedIn));
    for (const file of listFiles(checkedIn)) {
      expect(readFileSync(join(generated, file), "utf8"), file).toBe(readFileSync(join(checkedIn, file), "utf8"));
    }
  });

  it("keeps the wire numbers of the actr protocol", () => {
    expect(PayloadType.MEDIA_RTP).toBe(4);
    expect(payload_type.number).toBe(50001);
    const envelope = create(RpcEnvelopeSchema, {
      routeKey: "echo.EchoService.Echo",
      requestId: "r1",
      timeoutMs: 30000n,
      direction: Direction.REQUEST,
    });
    const bytes = toBinary(RpcEnvelopeSchema, envelope);
    // request_id = 102 -> tag (102 << 3 | 2) as a varint: 0xb2 0x06
    expect(Buffer.from(bytes).toString("hex")).toContain("b20602" + Buffer.from("r1").toString("hex"));
    expect(fromBinary(RpcEnvelopeSchema, bytes).timeoutMs).toBe(30000n);
  });
});
