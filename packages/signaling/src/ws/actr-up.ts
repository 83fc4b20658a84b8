import { create } from "@bufbuild/protobuf";
import { aclAllows, ActrUpEventSchema } from "@actr/protocol";
import type { ActorRecord } from "../registry/actor-registry.js";
import type { ServerContext } from "../server-context.js";
import { encodeServerToActr } from "./envelope.js";

/**
 * Pushes an ActrUpEvent about `record`, which just came online, to every actor of its realm that
 * subscribed to its type and that its ACL lets see it, as discovery would.
 */
export function announceActrUp(context: ServerContext, record: ActorRecord): void {
  if (!record.discoverable) return;
  const event = create(ActrUpEventSchema, { actorId: record.id });
  for (const session of context.sessions.values()) {
    if (session.actorKey === record.key || session.realmId !== record.realmId || !session.subscribedTo(record.type)) continue;
    if (!aclAllows(record.acl, session.id, record.realmId)) continue;
    session.send(encodeServerToActr(session.id, { case: "actrUpEvent", value: event }, ""));
  }
}
