/**
 * What the hosts (Electron main, `mammoseg serve`) may write to a console or log about a request.
 *
 * Patient identifiers never go to a log (README, "Where data lives"). Error messages from the
 * core may name files, patients or folders because they are meant for the person in the UI, so
 * a log line is built only from values that cannot carry them: the channel, the error code,
 * numeric case and project ids, the error's class, its errno-style code and the code locations
 * of its stack. Never the message, the payload or a path given by the user.
 */

export type LogLine = (line: string) => void;

/** Stack frames kept per error: enough to find the throwing code, short enough to read. */
const MAX_FRAMES = 4;
/** Case ids listed per line (a batch of thousands says how many more there were). */
const MAX_CASE_IDS = 8;

/** `TypeError [ERR_X] at f (file:1:2) < g (file:3:4)`: which code failed, without its message. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return `non-Error thrown (${typeof error})`;
  const code = (error as NodeJS.ErrnoException).code;
  const frames = stackFrames(error);
  return [
    error.name,
    typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code) ? `[${code}]` : '',
    frames.length ? `at ${frames.join(' < ')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** The "at …" lines after the message; the message itself may span lines and is skipped whole. */
function stackFrames(error: Error): string[] {
  const stack = error.stack ?? '';
  const head = `${error.name}: ${error.message}`;
  const afterMessage = stack.startsWith(head) ? stack.slice(head.length) : stack.slice(stack.indexOf('\n    at ') + 1);
  return afterMessage
    .split('\n')
    .map((line) => /^\s+at (.*)$/.exec(line)?.[1])
    .filter((frame): frame is string => frame !== undefined)
    .slice(0, MAX_FRAMES);
}

/** `project 1 case 7,9` from a validated request: only the numeric ids it names. */
export function describeTargets(request: unknown): string {
  if (typeof request !== 'object' || request === null) return '';
  const r = request as Record<string, unknown>;
  const parts: string[] = [];
  if (Number.isInteger(r.projectId)) parts.push(`project ${String(r.projectId)}`);
  const ids = [r.caseId, ...(Array.isArray(r.caseIds) ? r.caseIds : [])].filter((id): id is number => Number.isInteger(id));
  if (ids.length) {
    const more = ids.length > MAX_CASE_IDS ? ` (+${ids.length - MAX_CASE_IDS} more)` : '';
    parts.push(`case ${ids.slice(0, MAX_CASE_IDS).join(',')}${more}`);
  }
  return parts.join(' ');
}

/** One line for a request the core failed on unexpectedly. */
export function requestFailedLine(channel: string, request: unknown, error: unknown): string {
  const targets = describeTargets(request);
  return `${channel} failed (internal)${targets ? ` for ${targets}` : ''}: ${describeError(error)}`;
}

/** One line for a request a host turned away before the core saw it. */
export function refusedLine(what: string, status: number, reason: string): string {
  return `refused ${what}: ${status} ${reason}`;
}
