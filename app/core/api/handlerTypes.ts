import type { ChannelName, RequestOf, ResponseOf } from '../../../shared/contract/channels.js';

/**
 * One handler per contract channel. Its own module so that handler groups (pacsHandlers.ts) and
 * dispatch can name the type without importing handlers.ts, which imports them.
 */
export type Handlers = {
  [K in ChannelName]: (request: RequestOf<K>) => Promise<ResponseOf<K>> | ResponseOf<K>;
};
