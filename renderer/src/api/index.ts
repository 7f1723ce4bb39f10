/** The only module that knows which host the renderer runs in. */
import type { ReviewApi } from '../../../shared/contract/api.js';
import type { Result } from '../../../shared/contract/result.js';
import { createHttpReviewApi } from './httpReviewApi.js';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a browser. */
    readonly mammoseg?: ReviewApi;
  }
}

export const reviewApi: ReviewApi = window.mammoseg ?? createHttpReviewApi();

/** Unwraps a Result for UI code that shows errors through an error boundary or state. */
export class ApiError extends Error {}
export async function expectOk<T>(result: Promise<Result<T>>): Promise<T> {
  const r = await result;
  if (!r.ok) throw new ApiError(r.error.message);
  return r.value;
}
