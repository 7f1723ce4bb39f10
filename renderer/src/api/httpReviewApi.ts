/** ReviewApi over the loopback host: POST /api/rpc/<channel> (wire envelope), events over WebSocket. */
import type { ReviewApi, ReviewApiCalls, ReviewApiEvents } from '../../../shared/contract/api.js';
import { CHANNEL_NAMES, EVENT_NAMES, type EventName } from '../../../shared/contract/names.js';
import { err, type Result } from '../../../shared/contract/result.js';
import { decodeWire, encodeWire } from '../../../shared/contract/wire.js';

type Listener = (payload: unknown) => void;

export function createHttpReviewApi(origin: string = window.location.origin): ReviewApi {
  const call = async (name: string, request: unknown): Promise<Result<unknown>> => {
    let response: Response;
    try {
      response = await fetch(`${origin}/api/rpc/${name}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/x-mammoseg-wire' },
        body: encodeWire(request),
      });
    } catch (error) {
      return err('internal', `cannot reach the MammoSeg host (${(error as Error).message}); is \`mammoseg serve\` running?`);
    }
    if (response.status === 401) {
      return err('unauthorized', 'this page has no valid access token: open the URL that `mammoseg serve` printed');
    }
    try {
      return decodeWire(new Uint8Array(await response.arrayBuffer())) as Result<unknown>;
    } catch (error) {
      return err('internal', `unreadable answer from the host: ${(error as Error).message}`);
    }
  };

  const calls = Object.fromEntries(CHANNEL_NAMES.map((name) => [name, (request: unknown) => call(name, request)]));
  const events = new EventSocket(origin.replace(/^http/, 'ws') + '/api/events');
  const on = Object.fromEntries(EVENT_NAMES.map((name) => [name, (listener: Listener) => events.subscribe(name, listener)]));
  return { ...(calls as unknown as ReviewApiCalls), on: on as unknown as ReviewApiEvents };
}

/** One WebSocket for all pushed events, opened on first subscription, reconnecting with backoff. */
class EventSocket {
  private socket: WebSocket | undefined;
  private readonly listeners = new Map<EventName, Set<Listener>>();
  private retryMs = 500;

  constructor(private readonly url: string) {}

  subscribe(name: EventName, listener: Listener): () => void {
    const set = this.listeners.get(name) ?? new Set<Listener>();
    this.listeners.set(name, set);
    set.add(listener);
    this.connect();
    return () => set.delete(listener);
  }

  private connect(): void {
    if (this.socket) return;
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => {
      this.retryMs = 500;
    };
    socket.onmessage = (message) => {
      const { event, payload } = JSON.parse(String(message.data)) as { event: EventName; payload: unknown };
      for (const listener of this.listeners.get(event) ?? []) listener(payload);
    };
    socket.onclose = () => {
      this.socket = undefined;
      setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 10_000);
    };
  }
}
