import { describe, expect, it } from 'vitest';
import { OneOrMany } from './one-or-many.js';

describe('OneOrMany', () => {
  const [a, b, c] = [{ n: 'a' }, { n: 'b' }, { n: 'c' }];

  it('keeps one value, then several, then one again, and forgets an empty key', () => {
    const m = new OneOrMany<string, { n: string }>();
    m.add('k', a);
    m.add('k', a);
    expect(m.get('k')).toEqual([a]);
    m.add('k', b);
    m.add('k', c);
    expect(m.get('k')).toEqual([a, b, c]);
    m.delete('k', b);
    m.delete('k', a);
    expect(m.get('k')).toEqual([c]);
    m.delete('k', a);
    expect(m.get('k')).toEqual([c]);
    m.delete('k', c);
    expect([m.has('k'), m.get('k')]).toEqual([false, []]);
  });

  it('hands out a snapshot, so the map may change while the caller walks it', () => {
    const m = new OneOrMany<string, { n: string }>();
    m.add('k', a);
    m.add('k', b);
    const seen = [];
    for (const v of m.get('k')) {
      seen.push(v);
      m.delete('k', v);
    }
    expect(seen).toEqual([a, b]);
    expect(m.has('k')).toBe(false);
  });
});
