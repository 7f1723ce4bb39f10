import type { EventName, EventPayload } from '../../../shared/contract/channels.js';

type Listener<E extends EventName> = (payload: EventPayload<E>) => void;

/** Events the core pushes; each host forwards them over its own transport. */
export class EventHub {
  private readonly listeners = new Map<EventName, Set<(payload: unknown) => void>>();

  on<E extends EventName>(name: E, listener: Listener<E>): () => void {
    const set = this.listeners.get(name) ?? new Set();
    this.listeners.set(name, set);
    const wrapped = listener as (payload: unknown) => void;
    set.add(wrapped);
    return () => set.delete(wrapped);
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners.get(name) ?? []) listener(payload);
  }
}
