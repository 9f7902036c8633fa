import { describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { KeyedSerialQueue, SerialQueue } from './keyed-serial-queue.js';

describe('KeyedSerialQueue', () => {
  it('runs tasks of one key one at a time, in call order', async () => {
    const queue = new KeyedSerialQueue();
    const log: string[] = [];
    const task = (name: string, ms: number) => async () => {
      log.push(`start ${name}`);
      await sleep(ms);
      log.push(`end ${name}`);
      return name;
    };
    const results = await Promise.all([queue.run('a', task('1', 20)), queue.run('a', task('2', 1)), queue.run('a', task('3', 5))]);
    expect(results).toEqual(['1', '2', '3']);
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

  it('runs different keys side by side', async () => {
    const queue = new KeyedSerialQueue();
    const log: string[] = [];
    await Promise.all([
      queue.run('a', async () => {
        log.push('start a');
        await sleep(20);
        log.push('end a');
      }),
      queue.run('b', async () => {
        log.push('b');
      }),
    ]);
    expect(log).toEqual(['start a', 'b', 'end a']);
  });

  it('keeps going after a failed task and reports the failure only to its caller', async () => {
    const queue = new KeyedSerialQueue();
    const failed = queue.run('a', async () => {
      throw new Error('boom');
    });
    const next = queue.run('a', async () => 'fine');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('fine');
  });

  it('forgets keys whose queue has drained', async () => {
    const queue = new KeyedSerialQueue();
    const running = queue.run('a', async () => sleep(5));
    expect(queue.size).toBe(1);
    expect(queue.pending('a')).toBe(1);
    await running;
    await sleep(0);
    expect(queue.size).toBe(0);
    expect(queue.pending('a')).toBe(0);
  });

  it('settles once every task queued so far has ended, failed ones included', async () => {
    const queue = new KeyedSerialQueue();
    const ended: string[] = [];
    void queue.run('a', async () => {
      await sleep(10);
      ended.push('a');
    });
    queue
      .run('b', async () => {
        await sleep(20);
        ended.push('b');
        throw new Error('boom');
      })
      .catch(() => undefined);
    await queue.settled();
    expect(ended.sort()).toEqual(['a', 'b']);
  });
});

describe('SerialQueue', () => {
  it('counts queued and running tasks, and the count has dropped when a caller resumes', async () => {
    const queue = new SerialQueue();
    const seen: number[] = [];
    const first = queue.run(async () => sleep(5)).then(() => seen.push(queue.pending));
    const second = queue.run(async () => sleep(5)).then(() => seen.push(queue.pending));
    expect(queue.pending).toBe(2);
    await Promise.all([first, second]);
    expect(seen).toEqual([1, 0]);
  });

  it('is idle once the tasks queued so far have ended', async () => {
    const queue = new SerialQueue();
    let done = false;
    queue
      .run(async () => {
        await sleep(10);
        done = true;
        throw new Error('boom');
      })
      .catch(() => undefined);
    await queue.idle();
    expect(done).toBe(true);
  });
});
