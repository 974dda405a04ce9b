/**
 * Events are facts, named `module.entity.pastTenseVerb`. Each module declares its events as a
 * map from type to payload and builds them with `defineEvents<Map>()`, so the payload of
 * every emitted event is checked against its declaration.
 */
export interface DomainEvent<P = unknown> {
  id: string;
  type: string;
  payload: P;
  occurredAt: string;
  actorId: string | null;
  regionId: string | null;
}

export interface NewEvent {
  type: string;
  payload: unknown;
  actorId?: string | null;
  regionId?: string | null;
}

export type EventTypeName = `${string}.${string}.${string}`;

export function defineEvents<M extends { [K in keyof M]: unknown }>() {
  return <K extends keyof M & EventTypeName>(
    type: K,
    payload: M[K],
    meta: { actorId?: string | null; regionId?: string | null } = {},
  ): NewEvent => ({ type, payload, ...meta });
}

/** A consumer declares the events it handles; it runs once per event, in a transaction. */
export interface EventConsumer<Tx> {
  /** Stable name: it keys the idempotency record and the durable JetStream consumer. */
  name: string;
  types: string[];
  handle(event: DomainEvent, tx: Tx): Promise<void>;
}
