import { describe, expect, it, vi } from 'vitest';
import type { Connection } from './connection.js';
import { PresenceEchoes } from './presence-echoes.js';

const conn = (id: string) => ({ id }) as unknown as Connection;

describe('PresenceEchoes', () => {
  it('lets each change reach a connection once, and forgets it after two windows', () => {
    vi.useFakeTimers();
    try {
      const echoes = new PresenceEchoes(1_000);
      const [a, b] = [conn('a'), conn('b')];
      expect(echoes.firstTime(a, 'u1', 'online', 't1')).toBe(true);
      expect(echoes.firstTime(a, 'u1', 'online', 't1')).toBe(false);
      expect(echoes.firstTime(b, 'u1', 'online', 't1')).toBe(true);
      // Another change of the same user is news, as is the same status at another time.
      expect(echoes.firstTime(a, 'u1', 'offline', 't2')).toBe(true);
      expect(echoes.firstTime(a, 'u1', 'online', 't3')).toBe(true);
      vi.advanceTimersByTime(1_000);
      expect(echoes.firstTime(a, 'u1', 'online', 't1')).toBe(false);
      vi.advanceTimersByTime(2_000);
      expect(vi.getTimerCount()).toBe(0);
      expect(echoes.firstTime(a, 'u1', 'online', 't1')).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
