import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { NotFoundError, RateLimitedError } from '../domain/errors.js';
import { invokeFunction } from './invoke-function.js';

const context = { requestId: 'req-1' };
const handlerThatThrows = (error: Error) => invokeFunction(z.object({}), async () => Promise.reject(error));

describe('invokeFunction', () => {
  it('returns the result of a successful run', async () => {
    const handler = invokeFunction(z.object({ n: z.number() }), async ({ n }) => n * 2);
    expect(await handler(Buffer.from(JSON.stringify({ n: 21 })), context)).toEqual({ ok: true, result: 42 });
  });

  it('returns a domain error as data, with retryAfterSeconds when the error has one', async () => {
    expect(await handlerThatThrows(new RateLimitedError(30))(Buffer.from('{}'), context)).toEqual({
      ok: false,
      error: { code: 'rate_limited', message: 'Too many attempts, try again later', details: [], retryAfterSeconds: 30 },
    });
    const notFound = await handlerThatThrows(new NotFoundError('Conversation'))(Buffer.from('{}'), context);
    expect(notFound).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(notFound.ok === false && 'retryAfterSeconds' in notFound.error).toBe(false);
  });
});
