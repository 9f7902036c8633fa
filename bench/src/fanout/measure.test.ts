import { describe, expect, it } from 'vitest';
import { nodeMemory } from './measure.js';

const MiB = 2 ** 20;

describe('memory per idle connection', () => {
  it('leaves the young generation’s growth out of the RSS difference', () => {
    const m = nodeMemory('gateway-0', 1000, 900, { rssBytes: 80 * MiB, youngBytes: 14 * MiB }, { rssBytes: 95 * MiB, youngBytes: 16 * MiB });
    expect(m.bytesPerConnection).toBe(Math.round((13 * MiB) / 900));
    expect(m).toMatchObject({ rssBeforeBytes: 80 * MiB, rssAfterBytes: 95 * MiB, youngBeforeBytes: 14 * MiB, youngAfterBytes: 16 * MiB });
  });

  it('adds back a young generation that shrank, so a memory reducer run does not flatter a system', () => {
    const m = nodeMemory('socket.io-0', 1000, 900, { rssBytes: 70 * MiB, youngBytes: 16 * MiB }, { rssBytes: 72 * MiB, youngBytes: 1 * MiB });
    expect(m.bytesPerConnection).toBe(Math.round((17 * MiB) / 900));
  });

  it('takes the whole RSS difference of a server that reports no young generation', () => {
    const m = nodeMemory('centrifugo-0', 1000, 900, { rssBytes: 30 * MiB, youngBytes: undefined }, { rssBytes: 75 * MiB, youngBytes: undefined });
    expect(m.bytesPerConnection).toBe(Math.round((45 * MiB) / 900));
    expect(m).not.toHaveProperty('youngBeforeBytes');
  });
});
