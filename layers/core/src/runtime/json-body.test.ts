import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, ValidationError, type ErrorCode } from '../domain/errors.js';
import type { HttpRequest } from './http-request.js';
import { DEFAULT_MAX_BODY_BYTES, parseWith, readJson, readQuery, toDetails } from './json-body.js';

function request(
  body: string | Buffer,
  headers: Record<string, string> = { 'content-type': 'application/json' },
  query: Record<string, string> = {},
): HttpRequest {
  return {
    method: 'POST',
    path: '/v1/things',
    headers,
    query,
    body: Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'),
    sourceIp: '203.0.113.7',
    params: {},
  };
}

function caught(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected an AppError');
}

function codeOf(run: () => unknown): ErrorCode {
  return caught(run).code;
}

const thing = z.strictObject({ name: z.string().min(1), count: z.number().int().optional() });

describe('readJson', () => {
  it('returns the parsed and validated body', () => {
    expect(readJson(request('{"name":"a","count":2}'), thing)).toEqual({ name: 'a', count: 2 });
  });

  it('applies schema transforms and defaults', () => {
    const schema = z.object({ name: z.string().trim(), tags: z.array(z.string()).default([]) });
    expect(readJson(request('{"name":"  a  "}'), schema)).toEqual({ name: 'a', tags: [] });
  });

  it('rejects malformed JSON with malformed_json', () => {
    const error = caught(() => readJson(request('{"name":'), thing));
    expect(error.code).toBe('malformed_json');
    expect(error.details).toHaveLength(1);
    expect(error.details[0]!.issue).toBeTruthy();
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it('rejects a body that is not UTF-8 with malformed_json, rather than storing U+FFFD', () => {
    for (const bytes of [[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80]]) {
      const body = Buffer.concat([Buffer.from('{"name":"'), Buffer.from(bytes), Buffer.from('"}')]);
      expect(
        codeOf(() => readJson(request(body), thing)),
        bytes.join(' '),
      ).toBe('malformed_json');
    }
    expect(readJson(request(Buffer.from('{"name":"é€😀"}')), thing)).toEqual({ name: 'é€😀' });
  });

  it('rejects a body that is only whitespace with malformed_json', () => {
    expect(codeOf(() => readJson(request('   '), thing))).toBe('malformed_json');
  });

  it('rejects a body over the default limit with payload_too_large', () => {
    const big = JSON.stringify({ name: 'x'.repeat(DEFAULT_MAX_BODY_BYTES) });
    expect(codeOf(() => readJson(request(big), z.unknown()))).toBe('payload_too_large');
  });

  it('accepts a body of exactly the limit and rejects one byte more', () => {
    const body = JSON.stringify({ name: 'x'.repeat(100) });
    expect(readJson(request(body), thing, body.length)).toEqual({ name: 'x'.repeat(100) });
    expect(codeOf(() => readJson(request(body), thing, body.length - 1))).toBe('payload_too_large');
  });

  it('counts the limit in bytes, not characters', () => {
    const body = JSON.stringify({ name: 'é'.repeat(10) });
    expect(codeOf(() => readJson(request(body), thing, body.length))).toBe('payload_too_large');
  });

  it('checks the size before parsing', () => {
    expect(codeOf(() => readJson(request('{'.repeat(50)), thing, 10))).toBe('payload_too_large');
  });

  it('rejects a non-JSON content type with unsupported_media_type', () => {
    expect(codeOf(() => readJson(request('{"name":"a"}', { 'content-type': 'text/plain' }), thing))).toBe('unsupported_media_type');
    expect(codeOf(() => readJson(request('name=a', { 'content-type': 'application/x-www-form-urlencoded' }), thing))).toBe('unsupported_media_type');
    expect(codeOf(() => readJson(request('{"name":"a"}', { 'content-type': 'application/jsonp' }), thing))).toBe('unsupported_media_type');
  });

  it('accepts application/json with parameters and in any case', () => {
    expect(readJson(request('{"name":"a"}', { 'content-type': 'application/json; charset=utf-8' }), thing)).toEqual({ name: 'a' });
    expect(readJson(request('{"name":"a"}', { 'content-type': 'Application/JSON' }), thing)).toEqual({ name: 'a' });
  });

  it('accepts application/merge-patch+json and other +json types', () => {
    expect(readJson(request('{"name":"a"}', { 'content-type': 'application/merge-patch+json' }), thing)).toEqual({ name: 'a' });
    expect(readJson(request('{"name":"a"}', { 'content-type': 'application/vnd.chat.v1+json; charset=utf-8' }), thing)).toEqual({ name: 'a' });
  });

  it('accepts a JSON body without a content type', () => {
    expect(readJson(request('{"name":"a"}', {}), thing)).toEqual({ name: 'a' });
  });

  it('does not check the content type of an empty body', () => {
    expect(readJson(request('', { 'content-type': 'text/plain' }), z.object({}).optional())).toBeUndefined();
  });

  it('reports unknown fields of a strict object as validation_failed', () => {
    const error = caught(() => readJson(request('{"name":"a","admin":true,"extra":1}'), thing));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual([
      { field: 'admin', issue: 'unknown field' },
      { field: 'extra', issue: 'unknown field' },
    ]);
  });

  it('names nested fields by their path', () => {
    const schema = z.strictObject({ a: z.strictObject({ b: z.array(z.number()) }) });
    const error = caught(() => readJson(request('{"a":{"b":[1,2,"three"]}}'), schema));
    expect(error.code).toBe('validation_failed');
    expect(error.details).toHaveLength(1);
    expect(error.details[0]!.field).toBe('a.b.2');
  });

  it('names nested unknown fields by their path', () => {
    const schema = z.strictObject({ a: z.array(z.strictObject({ id: z.string() })) });
    const error = caught(() => readJson(request('{"a":[{"id":"x"},{"id":"y","oops":1}]}'), schema));
    expect(error.details).toEqual([{ field: 'a.1.oops', issue: 'unknown field' }]);
  });

  it('lists every problem at once', () => {
    const error = caught(() => readJson(request('{"name":"","count":1.5,"x":0}'), thing));
    expect(error.details.map((d) => d.field).sort()).toEqual(['count', 'name', 'x']);
  });

  it('rejects an empty body for a schema that requires an object with validation_failed', () => {
    const error = caught(() => readJson(request('', {}), thing));
    expect(error.code).toBe('validation_failed');
    expect(error.details).toHaveLength(1);
    expect(error.details[0]).not.toHaveProperty('field');
  });

  it('rejects a JSON value of the wrong type with validation_failed', () => {
    expect(codeOf(() => readJson(request('[]'), thing))).toBe('validation_failed');
    expect(codeOf(() => readJson(request('null'), thing))).toBe('validation_failed');
    expect(codeOf(() => readJson(request('"name"'), thing))).toBe('validation_failed');
  });

  it('treats a __proto__ key as an unknown field', () => {
    const error = caught(() => readJson(request('{"name":"a","__proto__":{"admin":true}}'), thing));
    expect(error.details).toEqual([{ field: '__proto__', issue: 'unknown field' }]);
  });
});

describe('readQuery', () => {
  it('validates and coerces query parameters', () => {
    const schema = z.object({ q: z.string().min(1), limit: z.coerce.number().int().max(50).default(20) });
    expect(readQuery(request('', {}, { q: 'ali', limit: '5' }), schema)).toEqual({ q: 'ali', limit: 5 });
    expect(readQuery(request('', {}, { q: 'ali' }), schema)).toEqual({ q: 'ali', limit: 20 });
  });

  it('reports bad query parameters as validation_failed with fields', () => {
    const schema = z.object({ q: z.string().min(1), limit: z.coerce.number().int().max(50) });
    const error = caught(() => readQuery(request('', {}, { limit: '500' }), schema));
    expect(error.code).toBe('validation_failed');
    expect(error.message).toBe('Query parameters are invalid');
    expect(error.details.map((d) => d.field).sort()).toEqual(['limit', 'q']);
  });
});

describe('parseWith', () => {
  it('returns the parsed value', () => {
    expect(parseWith(z.number(), 3, 'bad')).toBe(3);
  });

  it('throws a ValidationError with the given message', () => {
    const error = caught(() => parseWith(z.number(), 'three', 'Seq is invalid'));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toBe('Seq is invalid');
    expect(error.details).toHaveLength(1);
  });
});

describe('toDetails', () => {
  it('joins paths with dots and leaves field out for the root', () => {
    const schema = z.object({ a: z.object({ b: z.array(z.string()) }) });
    const result = schema.safeParse({ a: { b: ['ok', 1] } });
    expect(result.success).toBe(false);
    expect(toDetails(result.error!)).toEqual([{ field: 'a.b.1', issue: expect.any(String) }]);
    const root = z.string().safeParse(1);
    expect(toDetails(root.error!)).toEqual([{ issue: expect.any(String) }]);
  });

  it('gives one detail per unknown key', () => {
    const result = z.strictObject({ a: z.strictObject({}) }).safeParse({ a: { x: 1, y: 2 }, z: 3 });
    expect(toDetails(result.error!)).toEqual(
      expect.arrayContaining([
        { field: 'a.x', issue: 'unknown field' },
        { field: 'a.y', issue: 'unknown field' },
        { field: 'z', issue: 'unknown field' },
      ]),
    );
    expect(toDetails(result.error!)).toHaveLength(3);
  });

  it('uses the schema message as the issue', () => {
    const result = z.object({ password: z.string().min(10, 'must be at least 10 characters') }).safeParse({ password: 'short' });
    expect(toDetails(result.error!)).toEqual([{ field: 'password', issue: 'must be at least 10 characters' }]);
  });
});
