/**
 * React's one way into the session store: the renderer's session (session.ts) read through
 * useSyncExternalStore, so a component redraws when what it selects changes.
 */
import { useSyncExternalStore } from 'react';
import { session } from './session.js';
import type { SessionState } from './sessionStore.js';

/** The part of the session a component draws; select something stable (a field, not a new object). */
export function useSession<T>(select: (state: SessionState) => T): T {
  return useSyncExternalStore(session.subscribe, () => select(session.get()));
}
