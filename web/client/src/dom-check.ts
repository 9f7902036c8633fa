/**
 * Compiled only by web/client/tsconfig.json (DOM library), never imported: the browser's globals
 * satisfy the structural types the SDK is written against, so it works in a browser unchanged.
 */
import type { IdbFactory } from './idb.js';
import type { WebSocketConstructor } from './socket.js';
import type { LocksLike, StorageLike } from './tokens.js';
import type { FetchLike } from './session.js';

export const domFits: [IdbFactory, WebSocketConstructor, StorageLike, LocksLike, FetchLike] = [indexedDB, WebSocket, localStorage, navigator.locks, fetch];
