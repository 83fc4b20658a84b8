import type { ActorRecord } from "../registry/actor-registry.js";
import type { Session } from "./session.js";

/** Close code sent to a socket that a newer socket of the same actor replaced. */
export const CLOSE_REPLACED = 4001;

/** The open sockets, at most one per actor; only actors listed here are discoverable. */
export class SessionTable {
  private readonly sessions = new Map<string, Session>();

  /** Makes `session` the actor's socket, closing an older one. */
  add(session: Session): void {
    const older = this.sessions.get(session.actorKey);
    this.sessions.set(session.actorKey, session);
    older?.close(CLOSE_REPLACED, "replaced by a newer connection");
  }

  /** Forgets `session` unless a newer socket already took its place. */
  remove(session: Session): void {
    if (this.sessions.get(session.actorKey) === session) this.sessions.delete(session.actorKey);
  }

  get(actorKey: string): Session | undefined {
    return this.sessions.get(actorKey);
  }

  /** Whether the actor has a socket. */
  has(actorKey: string): boolean {
    return this.sessions.has(actorKey);
  }

  /** Whether the actor has a socket and keeps its heartbeat: what discovery lists. */
  isLive(record: ActorRecord): boolean {
    return this.sessions.get(record.key)?.heartbeating === true;
  }

  values(): IterableIterator<Session> {
    return this.sessions.values();
  }

  closeAll(code: number, reason: string): void {
    for (const session of [...this.sessions.values()]) session.close(code, reason);
    this.sessions.clear();
  }
}
