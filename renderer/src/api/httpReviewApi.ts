/**
 * ReviewApi over the loopback host: POST /api/rpc/<channel> with the access token as a header
 * (rpcRequest.ts, accessToken.ts), events over one WebSocket opened with a one-time ticket
 * bought with the token (the browser also sends our Origin with the handshake, which the host checks).
 */
import type { ReviewApi, ReviewApiCalls, ReviewApiEvents } from '../../../shared/contract/api.js';
import type { RequestOf, ResponseOf } from '../../../shared/contract/channels.js';
import { CHANNEL_NAMES, EVENT_NAMES, type EventName } from '../../../shared/contract/names.js';
import type { Result } from '../../../shared/contract/result.js';
import { importInParts } from './importBatches.js';
import { takeAccessToken } from './accessToken.js';
import { pageHeaders, postRpc } from './rpcRequest.js';

type Listener = (payload: unknown) => void;

export function createHttpReviewApi(origin: string = window.location.origin): ReviewApi {
  const token = takeAccessToken({ location: window.location, history: window.history, storage: window.sessionStorage });
  const call = (name: string, request: unknown) => postRpc(origin, token, name, request);
  const calls = Object.fromEntries(CHANNEL_NAMES.map((name) => [name, (request: unknown) => call(name, request)]));
  // Several big files picked at once would exceed the host's per-request limit: send in parts.
  calls.importFiles = (request: unknown) =>
    importInParts(request as RequestOf<'importFiles'>, (part) => call('importFiles', part) as Promise<Result<ResponseOf<'importFiles'>>>);
  const events = new EventSocket(origin.replace(/^http/, 'ws') + '/api/events', () => eventsTicket(origin, token));
  const on = Object.fromEntries(EVENT_NAMES.map((name) => [name, (listener: Listener) => events.subscribe(name, listener)]));
  return { ...(calls as unknown as ReviewApiCalls), on: on as unknown as ReviewApiEvents };
}

/** One WebSocket for all pushed events, opened on first subscription, reconnecting with backoff. */
class EventSocket {
  private socket: WebSocket | undefined;
  private readonly listeners = new Map<EventName, Set<Listener>>();
  private retryMs = 500;

  constructor(
    private readonly url: string,
    private readonly ticket: () => Promise<string | null>,
  ) {}

  subscribe(name: EventName, listener: Listener): () => void {
    const set = this.listeners.get(name) ?? new Set<Listener>();
    this.listeners.set(name, set);
    set.add(listener);
    this.connect();
    return () => set.delete(listener);
  }

  private connecting = false;

  private connect(): void {
    if (this.socket || this.connecting) return;
    this.connecting = true;
    void this.ticket()
      .then((ticket) => this.open(ticket))
      .catch(() => this.open(null))
      .finally(() => {
        this.connecting = false;
      });
  }

  /** Without a ticket the host refuses the handshake, and onclose retries with backoff. */
  private open(ticket: string | null): void {
    const socket = new WebSocket(`${this.url}?ticket=${encodeURIComponent(ticket ?? '')}`);
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

/** A one-time ticket for the events socket (app/server/eventTickets.ts), or null if refused. */
async function eventsTicket(origin: string, token: string | null): Promise<string | null> {
  const response = await fetch(`${origin}/api/events/ticket`, { method: 'POST', credentials: 'omit', headers: pageHeaders(token) });
  return response.ok ? response.text() : null;
}
