import { describe, expect, it } from 'vitest';
import { measureFanoutPath } from './fanout-path.js';
import { measureSocketWrite } from './socket-write.js';

describe('micro benchmarks', () => {
  it('fan-out path: every message reaches exactly the local half of its group, in the real hub', async () => {
    const result = await measureFanoutPath({ groups: 10, perNode: 5, messages: 200 });
    expect(result.deliveries).toBe(200 * 5);
    expect(result.cpuUsPerDelivery).toBeGreaterThan(0);
  });

  it('socket write: counts every write and splits its cost into user and kernel time', async () => {
    const result = await measureSocketWrite({ sockets: 20, rounds: 10, bytes: 100 });
    expect(result.writes).toBe(200);
    expect(result.userUs + result.sysUs).toBeGreaterThan(0);
  });
});
