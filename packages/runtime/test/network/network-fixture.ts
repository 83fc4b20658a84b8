import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { create } from "@bufbuild/protobuf";
import { makeActrType, ServiceSpecSchema, type ServiceSpec } from "@actr/protocol";
import {
  silentLogger,
  startSignalingServer,
  type SignalingServer,
  type SignalingServerOptions,
} from "@actr/signaling";
import { CONFIG_DEFAULTS } from "../../src/config/defaults.js";
import type { RuntimeConfig } from "../../src/config/runtime-config.js";

/** A signaling server on 127.0.0.1:0 whose key file survives restarts on the same port. */
export class TestSignaling {
  private readonly dir = mkdtempSync(join(tmpdir(), "actr-network-"));
  server!: SignalingServer;

  async start(port = 0, tuning: Pick<SignalingServerOptions, "heartbeatTimeoutMs" | "credentialTtlSec" | "realmSecrets"> = {}): Promise<SignalingServer> {
    this.server = await startSignalingServer({
      host: "127.0.0.1",
      port,
      keyFile: join(this.dir, "signing-key.json"),
      logger: silentLogger,
      ...tuning,
    });
    return this.server;
  }

  async restart(): Promise<SignalingServer> {
    const { port } = this.server;
    await this.server.close();
    return this.start(port);
  }

  async stop(): Promise<void> {
    await this.server.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export function actorConfig(
  server: Pick<SignalingServer, "wsUrl" | "aisUrl">,
  name: string,
  options: { listen?: boolean; webrtc?: boolean } = {},
): RuntimeConfig {
  return {
    baseDir: "/nonexistent",
    packageName: name.toLowerCase(),
    actrType: makeActrType("acme", name, "1.0.0"),
    exports: [],
    dependencies: [],
    signaling: { url: server.wsUrl, aisUrl: server.aisUrl },
    realmId: 1,
    mailboxPath: ":memory:",
    webrtc: { ...CONFIG_DEFAULTS.webrtc, enabled: options.webrtc !== false },
    websocketListenPort: options.listen === false ? undefined : 0,
    websocketHost: "127.0.0.1",
    acl: undefined,
    lockPath: "/nonexistent/Actr.lock.toml",
  };
}

export function specFor(name: string): ServiceSpec {
  return create(ServiceSpecSchema, {
    name,
    fingerprint: `service_semantic:${name}`,
    protobufs: [{ package: name.toLowerCase(), content: `syntax = "proto3";\npackage ${name.toLowerCase()};\n`, fingerprint: "semantic:x" }],
  });
}
