/** The browser's idea of the network, and where the WebSocket lives relative to the API. */

interface EventTargetLike {
  addEventListener?: (type: string, fn: () => void) => void;
  removeEventListener?: (type: string, fn: () => void) => void;
}

/**
 * Calls back on the `online` / `offline` events of `window` (no-op elsewhere); returns the
 * unsubscribe. `online` is worth acting on at once: the back-off wait may be long by then.
 */
export function watchNetwork(onChange: (online: boolean) => void, target: EventTargetLike = globalThis as EventTargetLike): () => void {
  if (!target.addEventListener) return () => undefined;
  const online = () => onChange(true);
  const offline = () => onChange(false);
  target.addEventListener('online', online);
  target.addEventListener('offline', offline);
  return () => {
    target.removeEventListener?.('online', online);
    target.removeEventListener?.('offline', offline);
  };
}

/** `http(s)://host[:port][/prefix]` → `ws(s)://host[:port][/prefix]/ws`; '' means this page's origin. */
export function defaultWsUrl(baseUrl: string): string {
  const base = baseUrl || (globalThis as { location?: { origin: string } }).location?.origin || '';
  const url = new URL(base);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = `${url.pathname.replace(/\/$/, '')}/ws`;
  return url.toString();
}
