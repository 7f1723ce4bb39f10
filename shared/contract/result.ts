/**
 * Errors cross every transport as values, never as thrown exceptions (Signal Desktop's habit):
 * `{ ok: true, value } | { ok: false, error }`.
 */
import { z } from 'zod';

export const ErrorCodeSchema = z.enum([
  'invalid-request', // the payload failed its schema: nothing was done
  'unauthorized',
  'not-found',
  'unsupported-file', // an input file that cannot be read; the message names it
  'conflict',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const AppErrorSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  /** One line per problem, e.g. one per failed schema path. */
  details: z.array(z.string()).optional(),
});
export type AppError = z.infer<typeof AppErrorSchema>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const err = (code: ErrorCode, message: string, details?: string[]): Result<never> => ({
  ok: false,
  error: details ? { code, message, details } : { code, message },
});

/** Thrown inside the core where a handler wants a specific error code; turned into a Result. */
export class AppFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: string[],
  ) {
    super(message);
    this.name = 'AppFailure';
  }
}
