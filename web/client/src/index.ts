/** @chat/client: the typed client SDK of fc-chat for browsers and Node 20 (see web/client/README.md). */
export { ApiError, parseRetryAfter } from './errors.js';
export { Backoff, type BackoffOptions } from './backoff.js';
export { ChatClient, defaultWsUrl, type ChatClientEvents, type ChatClientOptions, type Presence } from './client.js';
export { CloseCode, closeAction, type CloseAction } from './close-codes.js';
export { Emitter } from './emitter.js';
export { Http, queryString, type Query, type RequestOptions } from './http.js';
export { IndexedDbQueueStore, MemoryQueueStore, type QueueStore, type QueuedMessage } from './queue-store.js';
export { RealtimeConnection, type ConnectionState, type RealtimeEvents, type RealtimeOptions } from './realtime.js';
export { RestApi } from './rest.js';
export { SendQueue, type Sender, type SendQueueEvents, type SendQueueOptions } from './send-queue.js';
export { Session, type FetchLike, type SessionEvents } from './session.js';
export { globalWebSocket, subprotocols, type WebSocketConstructor, type WebSocketLike } from './socket.js';
export { ConversationStore, type CallEvent, type ConversationEvents } from './store.js';
export { LocalStorageTokenStore, MemoryTokenStore, storedTokens, type LocksLike, type StorageLike, type StoredTokens, type TokenStore } from './tokens.js';
export type * from './types.js';
