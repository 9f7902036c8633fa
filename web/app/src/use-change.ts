import { useEffect, useReducer } from 'preact/hooks';

/** What an SDK Emitter offers: `on` returns the unsubscribe. */
interface Listenable<K extends string> {
  on(event: K, listener: () => void): () => void;
}

/**
 * Re-renders the component when any of `events` fires on `emitter`: the SDK owns the state
 * (stores, queue, connection), components read it while rendering.
 */
export function useChange<K extends string>(emitter: Listenable<K> | undefined, ...events: K[]): void {
  const [, bump] = useReducer((n: number) => n + 1, 0);
  const key = events.join(',');
  useEffect(() => {
    if (!emitter) return;
    const offs = key.split(',').map((e) => emitter.on(e as K, () => bump(undefined)));
    return () => offs.forEach((off) => off());
  }, [emitter, key]);
}
