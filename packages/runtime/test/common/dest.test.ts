import { describe, expect, it } from "vitest";
import { makeActrId, makeActrType } from "@actr/protocol";
import { Dest } from "../../src/core.js";

describe("Dest", () => {
  const id = makeActrId(1, 7n, makeActrType("acme", "Echo"));

  it("answers isShell / isLocal / isActor / asActorId for each kind", () => {
    const shell = Dest.shell();
    const local = Dest.local();
    const actor = Dest.actor(id);
    expect([shell.isShell(), shell.isLocal(), shell.isActor(), shell.asActorId()]).toEqual([true, false, false, undefined]);
    expect([local.isShell(), local.isLocal(), local.isActor(), local.asActorId()]).toEqual([false, true, false, undefined]);
    expect([actor.isShell(), actor.isLocal(), actor.isActor()]).toEqual([false, false, true]);
    expect(actor.asActorId()).toBe(id);
  });

  it("keeps the kind union for switch statements", () => {
    const actor = Dest.actor(id);
    expect(actor.kind).toBe("actor");
    if (actor.isActor()) expect(actor.id).toBe(id);
    expect(Dest.local().kind).toBe("local");
  });
});
