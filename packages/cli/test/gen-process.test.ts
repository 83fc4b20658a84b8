import { describe, expect, it } from "vitest";
import { CliError } from "../src/cli-error.js";
import { runProcess } from "../src/gen/run-process.js";
import { decodePluginResponse } from "../src/gen/ts-proto.js";

describe("running the proto tools", () => {
  it("collects stdout, stderr and the exit code, feeding stdin", async () => {
    const script = "process.stdin.pipe(process.stdout); process.stderr.write('warned'); process.exitCode = 3;";
    const result = await runProcess(process.execPath, ["-e", script], { stdin: new TextEncoder().encode("fed") });
    expect(result).toMatchObject({ code: 3 });
    expect(result.stdout.toString("utf8")).toBe("fed");
    expect(result.stderr.toString("utf8")).toBe("warned");
  });

  it("rejects when the program cannot be started", async () => {
    await expect(runProcess("/nonexistent/actr-tool", [])).rejects.toThrow(/ENOENT/);
  });

  it("turns plugin output that is not a CodeGeneratorResponse into a CliError", () => {
    const garbage = new Uint8Array([0xff, 0xff, 0xff, 0xff]);
    expect(() => decodePluginResponse(garbage)).toThrow(CliError);
    expect(() => decodePluginResponse(garbage)).toThrow(/4 bytes that are not a CodeGeneratorResponse/);
  });
});
