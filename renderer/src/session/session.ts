/** The renderer's one session, on the host's review API; started by main.tsx before the first draw. */
import { reviewApi } from '../api/index.js';
import { SessionStore } from './sessionStore.js';

export const session = new SessionStore(reviewApi);
