import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../src/index.js";

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  process.exitCode = undefined;
});

async function refusal(args: readonly string[]): Promise<string> {
  const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
  await main(["node", "actr", "signaling", "--port", "0", ...args]);
  expect(process.exitCode).toBe(1);
  return errors.mock.calls.map((call) => String(call[0])).join("\n");
}

describe("actr signaling TURN flags", () => {
  it("refuses a TURN URL without the shared secret, naming both ways to give it", async () => {
    vi.stubEnv("ACTR_TURN_SECRET", undefined);
    expect(await refusal(["--turn-url", "turn:127.0.0.1:3478"])).toMatch(/--turn-secret <secret> or set ACTR_TURN_SECRET/);
  });

  it("refuses a TURN secret (flag or environment) without a URL", async () => {
    expect(await refusal(["--turn-secret", "s3cret"])).toMatch(/--turn-url turn:<host>:<port>/);
    vi.stubEnv("ACTR_TURN_SECRET", "s3cret");
    expect(await refusal([])).toMatch(/--turn-url turn:<host>:<port>/);
  });

  it("refuses a URL that is not a TURN URL without printing the secret", async () => {
    const message = await refusal(["--turn-secret", "s3cret", "--turn-url", "http://127.0.0.1:3478"]);
    expect(message).toMatch(/not a TURN URL/);
    expect(message).not.toContain("s3cret");
  });
});
