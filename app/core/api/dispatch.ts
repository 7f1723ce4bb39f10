/**
 * The single gate every transport goes through: unknown channel -> error; payload validated
 * against the contract before any handler runs; whatever happens, a Result comes back.
 */
import type { z } from 'zod';
import { channels, type ChannelName } from '../../../shared/contract/channels.js';
import { AppFailure, err, ok, type Result } from '../../../shared/contract/result.js';
import type { Handlers } from './handlerTypes.js';
import { requestFailedLine, type LogLine } from './hostLog.js';

export function isChannelName(name: string): name is ChannelName {
  return Object.hasOwn(channels, name);
}

export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(request)'}: ${issue.message}`);
}

export async function dispatch(handlers: Handlers, channel: string, payload: unknown, log: LogLine = () => {}): Promise<Result<unknown>> {
  if (!isChannelName(channel)) return err('invalid-request', `unknown channel "${channel}"`);
  const parsed = channels[channel].request.safeParse(payload);
  if (!parsed.success) {
    const details = describeIssues(parsed.error);
    return err('invalid-request', `invalid request for ${channel}: ${details.join('; ')}`, details);
  }
  try {
    const handler = handlers[channel] as (request: unknown) => unknown;
    return ok(await handler(parsed.data));
  } catch (error) {
    if (error instanceof AppFailure) return err(error.code, error.message, error.details);
    // The message goes back to the UI, which may show file and patient names; the log gets
    // only the channel, the case ids and where the code failed (hostLog.ts).
    log(requestFailedLine(channel, parsed.data, error));
    return err('internal', `${channel} failed: ${(error as Error).message}`);
  }
}
