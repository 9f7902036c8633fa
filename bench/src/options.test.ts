import { describe, expect, it } from 'vitest';
import { parseOptions } from './options.js';

describe('bench options', () => {
  it('runs on one Redis unless --redis-cluster is given', () => {
    expect(parseOptions([])?.redisCluster).toBe(false);
    expect(parseOptions(['--scenarios', 'fanout,peer', '--nodes', '4', '--redis-cluster'])).toMatchObject({
      redisCluster: true,
      nodes: 4,
      scenarios: ['fanout', 'peer'],
    });
  });

  it('refuses --redis-cluster with centrifugo, which the bench runs on one Redis only', () => {
    expect(() => parseOptions(['--redis-cluster'])).toThrow(/centrifugo runs on one Redis only/);
  });

  it('measures the send path with durable PostgreSQL commits unless told the harness settings', () => {
    expect(parseOptions([])?.sendCommits).toBe('durable');
    expect(parseOptions(['--send-commits', 'harness'])?.sendCommits).toBe('harness');
    expect(() => parseOptions(['--send-commits', 'fast'])).toThrow(/--send-commits: use one of durable, harness/);
  });
});
