import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";

/** A throwaway actor project: protos/ from `protos`, an existing generated/ folder, optional lock file. */
export class Project {
  readonly root = mkdtempSync(join(tmpdir(), "actr-gen-test-"));
  readonly input = join(this.root, "protos");
  readonly output = join(this.root, "generated");

  constructor(protos: Record<string, string>, files: Record<string, string> = {}) {
    for (const [path, text] of Object.entries(protos)) this.write(join("protos", path), text);
    for (const [path, text] of Object.entries(files)) this.write(path, text);
    this.write("generated/previous_actor.ts", "// from an earlier run\n");
  }

  write(path: string, text: string): void {
    const full = join(this.root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  }

  read(path: string): string {
    return readFileSync(join(this.root, path), "utf8");
  }

  /** Every file of the project (path -> content), to show that a failed run changed nothing. */
  snapshot(): Record<string, string> {
    const out: Record<string, string> = {};
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else out[relative(this.root, path)] = readFileSync(path, "utf8");
      }
    };
    walk(this.root);
    return out;
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

export const ECHO_PROTO = `syntax = "proto3";
package echo;
service EchoService {
  rpc Echo(EchoRequest) returns (EchoResponse);
}
message EchoRequest { string message = 1; }
message EchoResponse { string reply = 1; }
`;
