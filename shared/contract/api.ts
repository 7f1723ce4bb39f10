/** The one interface the renderer codes against, whichever host it runs in. */
import type { ChannelName, EventName, EventPayload, RequestOf, ResponseOf } from './channels.js';
import type { Result } from './result.js';

export type Unsubscribe = () => void;

export type ReviewApiCalls = {
  [K in ChannelName]: (request: RequestOf<K>) => Promise<Result<ResponseOf<K>>>;
};

export type ReviewApiEvents = {
  [E in EventName]: (listener: (payload: EventPayload<E>) => void) => Unsubscribe;
};

export interface ReviewApi extends ReviewApiCalls {
  /** Subscriptions to pushed events, one per event. */
  readonly on: ReviewApiEvents;
}
