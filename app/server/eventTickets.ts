/**
 * One-time tickets for the events WebSocket. A browser cannot send headers with a WebSocket
 * handshake, and the token must not travel in a cookie (accessToken.ts) or sit in a URL that is
 * reused, so the page first asks for a ticket with its bearer token (an ordinary guarded POST)
 * and opens the socket with `?ticket=`. A ticket opens one socket, within 30 s.
 */
import { randomBytes } from 'node:crypto';

export const TICKET_LIFETIME_MS = 30_000;
/** Outstanding tickets kept at most: a client that asks and never connects cannot grow the map. */
const MAX_OUTSTANDING = 64;

export class EventTickets {
  private readonly expiries = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  issue(): string {
    this.prune();
    if (this.expiries.size >= MAX_OUTSTANDING) this.expiries.delete(this.expiries.keys().next().value!);
    const ticket = randomBytes(24).toString('hex');
    this.expiries.set(ticket, this.now() + TICKET_LIFETIME_MS);
    return ticket;
  }

  /** True once per issued, unexpired ticket; the ticket is spent either way. */
  redeem(ticket: string | null): boolean {
    if (!ticket) return false;
    const expiry = this.expiries.get(ticket);
    this.expiries.delete(ticket);
    return expiry !== undefined && expiry > this.now();
  }

  private prune(): void {
    const now = this.now();
    for (const [ticket, expiry] of this.expiries) if (expiry <= now) this.expiries.delete(ticket);
  }
}
