/** Calling a core's contract channels as a host would, for tests of what a channel answers. */
import { dispatch } from '../../app/core/api/dispatch.js';
import { createHandlers } from '../../app/core/api/handlers.js';
import type { Core } from '../../app/core/core.js';
import type { Result } from '../../shared/contract/result.js';

export function channelCalls(core: () => Core) {
  const raw = (channel: string, payload: unknown): Promise<Result<unknown>> => dispatch(createHandlers(core()), channel, payload);
  /** The answer of a channel that must succeed (its error as the thrown message otherwise). */
  const call = async <T>(channel: string, payload: unknown): Promise<T> => {
    const r = await raw(channel, payload);
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value as T;
  };
  return { raw, call };
}
