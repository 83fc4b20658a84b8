import { join } from "node:path";
import { create } from "@bufbuild/protobuf";
import { makeActrType, RealmSchema, RegisterRequestSchema, ServiceSpecSchema } from "@actr/protocol";
import { loadConfig } from "@actr/runtime";
import { readLockFile, register, toServiceSpec } from "@actr/runtime/internal";
import { silentLogger, startSignalingServer, type SignalingServer } from "@actr/signaling";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LookupAdminSpec } from "../../../fixtures/imports/expected/lookup/lookup_admin_actor.js";
import { install } from "../src/commands/install.js";
import { generate } from "../src/index.js";
import { Project } from "./project.js";

// Two services of one package, each served by an actor of its own type and published under its own name.
const USERS = `syntax = "proto3";
package acme.shop;
service UserService {
  rpc GetUser(UserRequest) returns (UserReply);
}
message UserRequest { string id = 1; }
message UserReply { string name = 1; }
`;
const ORDERS = `syntax = "proto3";
package acme.shop;
service OrderService {
  rpc PlaceOrder(OrderRequest) returns (OrderReply);
}
message OrderRequest { string item = 1; }
message OrderReply { string order_id = 1; }
`;

function publish(server: SignalingServer, type: string, spec: string, content: string): Promise<unknown> {
  return register(
    server.aisUrl,
    create(RegisterRequestSchema, {
      actrType: makeActrType("acme", type, "1.0.0"),
      realm: create(RealmSchema, { realmId: 0 }),
      serviceSpec: create(ServiceSpecSchema, { name: spec, fingerprint: "", protobufs: [{ package: "acme.shop", content, fingerprint: "" }] }),
    }),
    5_000,
  );
}

function shopProject(server: SignalingServer, dependencies: string): Project {
  return new Project(
    {},
    {
      "Actr.toml": `[package]
name = "shop-front"
[package.actr_type]
manufacturer = "acme"
name = "ShopFront"
[dependencies]
${dependencies}
[system.signaling]
url = "${server.wsUrl}"
`,
    },
  );
}

describe("actr install by service name", () => {
  let server: SignalingServer;
  const projects: Project[] = [];
  beforeAll(async () => {
    server = await startSignalingServer({ port: 0, logger: silentLogger });
    await publish(server, "Users", "acme.shop.UserService", USERS);
    await publish(server, "Orders", "acme.shop.OrderService", ORDERS);
    // A spec whose name promises a service its protos do not define.
    await publish(server, "Legacy", "acme.shop.LegacyService", ORDERS);
    // A generated spec whose proto imports two files of another package and one of its own.
    await register(
      server.aisUrl,
      create(RegisterRequestSchema, {
        actrType: makeActrType("acme", "Lookup", "1.0.0"),
        realm: create(RealmSchema, { realmId: 0 }),
        serviceSpec: toServiceSpec(LookupAdminSpec),
      }),
      5_000,
    );
  });
  afterAll(async () => {
    projects.forEach((project) => project.remove());
    await server.close();
  });
  const project = (dependencies: string): Project => {
    const made = shopProject(server, dependencies);
    projects.push(made);
    return made;
  };

  it("fetches each service of one package under its own name and locks the spec name", async () => {
    const shop = project(
      'users = { actr_type = "acme+Users", service = "acme.shop.UserService" }\n' +
        'orders = { actr_type = "acme+Orders", service = "acme.shop.OrderService" }\n',
    );
    const config = await loadConfig(join(shop.root, "Actr.toml"));
    const locked = await install(config);

    expect(shop.read("protos/remote/users/acme.shop.proto")).toContain("service UserService");
    expect(shop.read("protos/remote/users/acme.shop.proto")).not.toContain("OrderService");
    expect(shop.read("protos/remote/orders/acme.shop.proto")).toContain("service OrderService");
    const lock = readLockFile(config.lockPath);
    expect(lock?.dependencies.map((dependency) => [dependency.name, dependency.actrType, dependency.service])).toEqual([
      ["users", "acme+Users", "acme.shop.UserService"],
      ["orders", "acme+Orders", "acme.shop.OrderService"],
    ]);
    expect(locked[0]?.fingerprint).not.toBe(locked[1]?.fingerprint);
  });

  it("still fetches by actor type when no service is named", async () => {
    const shop = project('orders = { actr_type = "acme+Orders" }\n');
    const config = await loadConfig(join(shop.root, "Actr.toml"));
    const [orders] = await install(config);
    expect(orders?.service).toBe("acme.shop.OrderService");
    expect(shop.read("protos/remote/orders/acme.shop.proto")).toContain("service OrderService");
  });

  it("names the service key when no actor serves that service, and writes nothing", async () => {
    const shop = project('users = { actr_type = "acme+Users", service = "acme.shop.UserServce" }\n');
    const config = await loadConfig(join(shop.root, "Actr.toml"));
    await expect(install(config)).rejects.toThrow(/Dependency "users" \(acme\.shop\.UserServce\): .*Check its service in \[dependencies\]/);
    expect(Object.keys(shop.snapshot()).filter((path) => path.startsWith("protos/") || path.endsWith(".lock.toml"))).toEqual([]);
  });

  it("refuses a spec that does not define the service it was asked for", async () => {
    const shop = project('legacy = { actr_type = "acme+Legacy", service = "acme.shop.LegacyService" }\n');
    const config = await loadConfig(join(shop.root, "Actr.toml"));
    await expect(install(config)).rejects.toThrow(
      'Dependency "legacy": the service spec "acme.shop.LegacyService" that the signaling server sent does not define service acme.shop.LegacyService',
    );
  });

  it("installs a service whose protos import each other, pinned to the fingerprint its actor announced, ready for actr gen", async () => {
    const shop = project('admin = { actr_type = "acme+Lookup", service = "lookup.LookupAdmin" }\n');
    const config = await loadConfig(join(shop.root, "Actr.toml"));
    const [admin] = await install(config);
    expect(admin?.fingerprint).toBe(LookupAdminSpec.fingerprint);
    expect(admin?.files.map((file) => file.path).sort()).toEqual([
      "admin/lookup.d3ab6ec2.proto",
      "admin/lookup.proto",
      "admin/shared.v1.51b8f955.proto",
      "admin/shared.v1.ca68efe5.proto",
    ]);
    expect(shop.read("protos/remote/admin/lookup.proto")).toContain('import "remote/admin/lookup.d3ab6ec2.proto";');
    const generated = await generate({ input: join(shop.root, "protos"), output: join(shop.root, "generated"), config: join(shop.root, "Actr.toml") });
    expect(generated.files).toContain("remote/admin/lookup_client.ts");
    expect(shop.read("generated/remote/admin/lookup_client.ts")).toContain("export class LookupAdminClient");
  });
});
