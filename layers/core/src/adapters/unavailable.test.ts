import { MongoNetworkError, MongoServerError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { AppError, ValidationError } from '../domain/errors.js';
import { mapMongoError } from './mongo/mongo-error.js';
import { mapRedisError } from './redis/redis-error.js';
import { mapDriverError } from './sql/driver-error.js';

// Errors shaped as the drivers throw them when their server is stopped or restarting.
const withCode = (message: string, code: string | number) => Object.assign(new Error(message), { code });
const named = (message: string, name: string) => Object.assign(new Error(message), { name });

const unavailable = { code: 'dependency_unavailable', retryAfterSeconds: 2 };

describe('mapDriverError (pg, PGlite)', () => {
  it.each([
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a reset connection', withCode('read ECONNRESET', 'ECONNRESET')],
    ['admin_shutdown', withCode('terminating connection due to administrator command', '57P01')],
    ['cannot_connect_now', withCode('the database system is starting up', '57P03')],
    ['a connection exception (08006)', withCode('connection failure', '08006')],
    ['the socket ending under a query', new Error('Connection terminated unexpectedly')],
    ['a pool connect timeout', new Error('timeout exceeded when trying to connect')],
  ])('maps %s to dependency_unavailable with a Retry-After', (_, error) => {
    const mapped = mapDriverError(error);
    expect(mapped).toBeInstanceOf(AppError);
    expect(mapped).toMatchObject(unavailable);
    expect((mapped as AppError).cause).toBe(error);
  });

  it('keeps SQLSTATE 22xxx a validation error and drops the parameters', () => {
    expect(mapDriverError(withCode('invalid byte sequence', '22021'))).toBeInstanceOf(ValidationError);
    const error = Object.assign(withCode('unique violation', '23505'), { params: ['secret'] });
    expect(mapDriverError(error)).toBe(error);
    expect(error).not.toHaveProperty('params');
  });

  it('leaves statement errors alone', () => {
    for (const error of [withCode('syntax error', '42601'), withCode('deadlock', '40P01'), new Error('boom'), 'text'])
      expect(mapDriverError(error)).toBe(error);
  });
});

describe('mapRedisError (ioredis)', () => {
  it.each([
    ['retries used up while reconnecting', named('Reached the max retries per request limit (which is 2).', 'MaxRetriesPerRequestError')],
    ['a closed connection', new Error('Connection is closed.')],
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:6379', 'ECONNREFUSED')],
    ['a server still loading', named('LOADING Redis is loading the dataset in memory', 'ReplyError')],
  ])('maps %s to dependency_unavailable', (_, error) => {
    expect(mapRedisError(error)).toMatchObject(unavailable);
  });

  it('leaves command errors alone', () => {
    const error = named('WRONGTYPE Operation against a key holding the wrong kind of value', 'ReplyError');
    expect(mapRedisError(error)).toBe(error);
  });
});

describe('mapMongoError (mongodb driver)', () => {
  it.each([
    ['a network error', new MongoNetworkError('connection 3 to 127.0.0.1:27017 closed')],
    ['no server to select', named('connect ECONNREFUSED 127.0.0.1:27017', 'MongoServerSelectionError')],
    ['a cleared pool', named('Connection pool for 127.0.0.1:27017 was cleared', 'MongoPoolClearedError')],
    ['a server shutting down', new MongoServerError({ message: 'interrupted at shutdown', code: 11600 })],
  ])('maps %s to dependency_unavailable', (_, error) => {
    expect(mapMongoError(error)).toMatchObject(unavailable);
  });

  it('leaves a duplicate key (the append race) and other errors alone', () => {
    const duplicate = new MongoServerError({ message: 'E11000 duplicate key', code: 11000 });
    expect(mapMongoError(duplicate)).toBe(duplicate);
    const contended = new AppError('dependency_unavailable', 'retry', { retryAfterSeconds: 1 });
    expect(mapMongoError(contended)).toBe(contended);
  });
});
