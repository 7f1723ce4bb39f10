/**
 * React's way into the open case's session (caseSession.ts), as useSession.ts is into the app's:
 * read through useSyncExternalStore, so a component redraws when what it selects changes.
 */
import { useSyncExternalStore } from 'react';
import type { CaseSession, CaseState } from './caseSession.js';

/** The part of the case a component draws; select something stable (a field, not a new object). */
export function useCaseSession<T = CaseState>(session: CaseSession, select: (state: CaseState) => T = (s) => s as T): T {
  return useSyncExternalStore(session.subscribe, () => select(session.get()));
}
