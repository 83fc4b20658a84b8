// Starts a real coturn TURN relay on 127.0.0.1 for tests, with the REST-API shared secret scheme.
import { spawn } from "node:child_process";
import { randomBytes, randomInt } from "node:crypto";
import { createSocket, type Socket } from "node:dgram";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

export interface Coturn {
  /** e.g. turn:127.0.0.1:34780?transport=udp */
  readonly url: string;
  readonly port: number;
  /** The static-auth-secret the signaling server must share. */
  readonly secret: string;
  readonly realm: string;
  /** Every line coturn printed so far (for failure messages). */
  readonly lines: readonly string[];
  stop(): Promise<void>;
}

const RELAY_PORTS = 64;
const READY_TIMEOUT_MS = 10_000;
const PROBE_INTERVAL_MS = 100;

/** Starts `turnserver` (the path from systemBinary) and resolves once it answers STUN. */
export async function startCoturn(binary: string): Promise<Coturn> {
  const port = await freeUdpPort();
  const minPort = randomInt(20_000, 60_000 - RELAY_PORTS);
  const secret = randomBytes(16).toString("hex");
  const realm = "actr.test";
  const dir = mkdtempSync(join(tmpdir(), "actr-coturn-"));
  const args = [
    "-n",
    "--listening-ip=127.0.0.1",
    "--relay-ip=127.0.0.1",
    `--listening-port=${port}`,
    // Tests relay between processes of this machine; coturn refuses loopback peers by default.
    "--allow-loopback-peers",
    "--use-auth-secret",
    `--static-auth-secret=${secret}`,
    `--realm=${realm}`,
    "--no-cli",
    "--no-tls",
    "--no-dtls",
    "--no-tcp",
    `--min-port=${minPort}`,
    `--max-port=${minPort + RELAY_PORTS - 1}`,
    // Private files, so that concurrent relays never share a pid file or user database.
    `--pidfile=${join(dir, "turnserver.pid")}`,
    `--userdb=${join(dir, "turndb")}`,
    "--log-file=stdout",
  ];
  const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) createInterface({ input: stream }).on("line", (line) => lines.push(line));
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await answersStun(port, exited);
  } catch (error) {
    await stop();
    throw new Error(`coturn did not come up on 127.0.0.1:${port}: ${(error as Error).message}\n${lines.join("\n")}`);
  }
  return { url: `turn:127.0.0.1:${port}?transport=udp`, port, secret, realm, lines, stop };
}

async function freeUdpPort(): Promise<number> {
  const socket = createSocket("udp4");
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(0, "127.0.0.1", () => resolve());
  });
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** Sends STUN Binding requests until one is answered; rejects when coturn exits or time runs out. */
async function answersStun(port: number, exited: Promise<void>): Promise<void> {
  const socket: Socket = createSocket("udp4");
  const request = Buffer.alloc(20);
  request.writeUInt16BE(0x0001, 0); // Binding request, no attributes
  request.writeUInt32BE(0x2112a442, 4); // magic cookie
  randomBytes(12).copy(request, 8);
  let probe: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error(`no STUN answer within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
      socket.on("message", (message) => {
        if (message.length >= 20 && message.readUInt16BE(0) === 0x0101 && message.subarray(8, 20).equals(request.subarray(8, 20))) {
          clearTimeout(deadline);
          resolve();
        }
      });
      socket.on("error", () => undefined); // ICMP unreachable until coturn listens
      void exited.then(() => {
        clearTimeout(deadline);
        reject(new Error("turnserver exited"));
      });
      const send = (): void => socket.send(request, port, "127.0.0.1");
      send();
      probe = setInterval(send, PROBE_INTERVAL_MS);
    });
  } finally {
    clearInterval(probe);
    socket.close();
  }
}
