import { actrTypeMatches, actrTypeToString, type ActrId, type ActrType } from "@actr/protocol";
import type { Logger } from "../common/logger.js";
import type { SignalingClient } from "./signaling-client.js";

/** Called with the id of an actor of a subscribed type that came online. */
export type ActorUpListener = (actorId: ActrId) => void | Promise<void>;

interface Subscription {
  readonly type: ActrType;
  /** One entry per registration, so the same function may be registered twice and removed once. */
  readonly listeners: Set<{ readonly listener: ActorUpListener }>;
}

/**
 * ActrUp subscriptions of one actor: one server subscription per type however many listeners it
 * has, renewed after every reconnect (the server forgets them with the socket).
 */
export class ActorUpSubscriptions {
  private readonly byType = new Map<string, Subscription>();

  constructor(
    private readonly client: SignalingClient,
    private readonly logger: Logger,
  ) {
    client.onPush((push) => {
      if (push.case === "actrUpEvent" && push.value.actorId !== undefined) this.dispatch(push.value.actorId);
    });
    client.onConnected(() => this.resubscribe());
  }

  /** Subscribes (the server must accept it) and resolves with the function that unsubscribes. */
  async add(type: ActrType, listener: ActorUpListener): Promise<() => void> {
    const key = actrTypeToString(type);
    if (!this.byType.has(key)) await this.client.subscribeActrUp(type);
    const subscription = this.byType.get(key) ?? { type, listeners: new Set() };
    this.byType.set(key, subscription);
    const entry = { listener };
    subscription.listeners.add(entry);
    return () => this.remove(key, subscription, entry);
  }

  private remove(key: string, subscription: Subscription, entry: { readonly listener: ActorUpListener }): void {
    if (!subscription.listeners.delete(entry) || subscription.listeners.size > 0) return;
    if (this.byType.get(key) !== subscription) return;
    this.byType.delete(key);
    if (!this.client.isConnected) return; // The server forgot it with the lost socket.
    this.client.unsubscribeActrUp(subscription.type).catch((error: unknown) => {
      this.logger.debug(`Unsubscribing from ${key} coming online failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  private dispatch(actorId: ActrId): void {
    const { type } = actorId;
    if (type === undefined) return;
    for (const subscription of this.byType.values()) {
      if (!actrTypeMatches(subscription.type, type)) continue;
      for (const { listener } of subscription.listeners) {
        Promise.resolve()
          .then(() => listener(actorId))
          .catch((error: unknown) => this.logger.error(`onActorUp listener for ${actrTypeToString(subscription.type)} failed`, error));
      }
    }
  }

  private resubscribe(): void {
    for (const [key, subscription] of this.byType) {
      this.client.subscribeActrUp(subscription.type).catch((error: unknown) => {
        this.logger.warn(`Renewing the subscription to ${key} coming online failed: ${error instanceof Error ? error.message : String(error)}`);
      });
    }
  }
}
