import { describe, expect, it } from 'vitest';
import { matchPattern, toWildcard } from './route-pattern.js';

describe('matchPattern', () => {
  it('matches a literal path with no params', () => {
    expect(matchPattern('/v1/me', '/v1/me')).toEqual({});
    expect(matchPattern('/', '/')).toEqual({});
  });

  it('extracts one param', () => {
    expect(matchPattern('/v1/me/devices/{deviceId}', '/v1/me/devices/dev-1')).toEqual({ deviceId: 'dev-1' });
  });

  it('extracts several params', () => {
    expect(matchPattern('/v1/conversations/{id}/messages/{seq}/reactions/{emoji}', '/v1/conversations/c1/messages/42/reactions/👍')).toEqual({
      id: 'c1',
      seq: '42',
      emoji: '👍',
    });
  });

  it('keeps param values as they are, including dots and spaces', () => {
    expect(matchPattern('/v1/media/{id}', '/v1/media/a.b c~d')).toEqual({ id: 'a.b c~d' });
  });

  it('ignores a trailing slash on the path or the pattern', () => {
    expect(matchPattern('/v1/things/{id}', '/v1/things/abc/')).toEqual({ id: 'abc' });
    expect(matchPattern('/v1/things/{id}/', '/v1/things/abc')).toEqual({ id: 'abc' });
    expect(matchPattern('/v1/me', '/v1/me//')).toEqual({});
  });

  it('rejects a path with fewer segments', () => {
    expect(matchPattern('/v1/things/{id}', '/v1/things')).toBeNull();
    expect(matchPattern('/v1/things/{id}', '/v1/things/')).toBeNull();
  });

  it('rejects a path with more segments', () => {
    expect(matchPattern('/v1/things/{id}', '/v1/things/abc/def')).toBeNull();
    expect(matchPattern('/v1/me', '/v1/me/devices')).toBeNull();
  });

  it('rejects an empty param segment', () => {
    expect(matchPattern('/v1/conversations/{id}/members', '/v1/conversations//members')).toBeNull();
  });

  it('rejects a different literal segment', () => {
    expect(matchPattern('/v1/things/{id}', '/v1/others/abc')).toBeNull();
    expect(matchPattern('/v1/things/{id}', '/v2/things/abc')).toBeNull();
  });

  it('compares literal segments case-sensitively', () => {
    expect(matchPattern('/v1/me', '/V1/ME')).toBeNull();
  });

  it('does not treat a literal segment as a pattern', () => {
    expect(matchPattern('/v1/things/{id}', '/v1/things/{id}')).toEqual({ id: '{id}' });
    expect(matchPattern('/v1/a.b', '/v1/aXb')).toBeNull();
  });
});

describe('toWildcard', () => {
  it('replaces every param with *', () => {
    expect(toWildcard('/v1/conversations/{id}/messages/{seq}')).toBe('/v1/conversations/*/messages/*');
  });

  it('leaves a path without params unchanged', () => {
    expect(toWildcard('/v1/auth/login')).toBe('/v1/auth/login');
    expect(toWildcard('/.well-known/jwks.json')).toBe('/.well-known/jwks.json');
  });

  it('gives a wildcard that the same paths fit', () => {
    const pattern = '/v1/me/devices/{deviceId}';
    const wildcard = new RegExp(`^${toWildcard(pattern).replace(/\*/g, '[^/]+')}$`);
    for (const path of ['/v1/me/devices/d1', '/v1/me/devices/x-y']) {
      expect(matchPattern(pattern, path)).not.toBeNull();
      expect(wildcard.test(path)).toBe(true);
    }
  });
});
