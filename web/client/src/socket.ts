/**
 * The WebSocket the SDK needs: the browser's global `WebSocket` satisfies it, and so does the `ws`
 * package's class in Node 20 (which has no global WebSocket): pass `WebSocket` from 'ws'.
 */
// Method-style, hence bivariant in its parameter: the DOM's `(ev: MessageEvent) => any` fits.
type Handler<E> = { bivarianceHack(event: E): void }['bivarianceHack'];

export interface WebSocketLike {
  readonly readyState: number;
  onopen: Handler<unknown> | null;
  onmessage: Handler<{ data: unknown }> | null;
  onclose: Handler<{ code: number; reason: string }> | null;
  onerror: Handler<unknown> | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type WebSocketConstructor = new (url: string, protocols: string[]) => WebSocketLike;

export const OPEN = 1;

/** The subprotocols of v1: the version, and the access token (browsers cannot set headers here). */
export const subprotocols = (accessToken: string) => ['chat.v1', `bearer.${accessToken}`];

/** The global WebSocket when there is one (browsers, Node 22+). */
export function globalWebSocket(): WebSocketConstructor | undefined {
  return (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
}

/** Frame text from a message event: a string in browsers; `ws` may hand over a Buffer. */
export function frameText(data: unknown): string {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new TextDecoder().decode(data);
  if (ArrayBuffer.isView(data)) return new TextDecoder().decode(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  return String(data);
}
