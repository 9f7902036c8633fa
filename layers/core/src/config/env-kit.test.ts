import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, defineSlice, envNames, envVar, int, loadSlice, together, unsetIfBlank } from './env-kit.js';

const slice = defineSlice(
  'test configuration',
  {
    port: envVar('PORT', int(80)),
    nested: z.object({ name: envVar('NAME', z.string().min(2).default('xx')) }),
    pair: together({ a: envVar('PAIR_A', unsetIfBlank(z.string())), b: envVar('PAIR_B', unsetIfBlank(z.string())) }, ['a', 'b']),
  },
  [(env) => (env.PAIR_A?.trim() && !env.PAIR_B?.trim() ? ['PAIR_A, PAIR_B: set both or neither'] : [])],
);

describe('config slices', () => {
  it('place each variable where it is declared in the schema', () => {
    expect(loadSlice(slice, { PORT: '8080', NAME: 'chat', PAIR_A: 'a', PAIR_B: 'b' })).toEqual({
      port: 8080,
      nested: { name: 'chat' },
      pair: { a: 'a', b: 'b' },
    });
    expect(loadSlice(slice, { PAIR_A: ' ' })).toEqual({ port: 80, nested: { name: 'xx' }, pair: undefined });
  });

  it('report parse problems by variable name, then the rules, in one error', () => {
    const error = (() => {
      try {
        loadSlice(slice, { PORT: 'x', NAME: 'a', PAIR_A: 'a' });
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.problems.map((p) => p.split(':')[0])).toEqual(['PORT', 'NAME', 'PAIR_A, PAIR_B']);
    expect(error.message.split('\n')[0]).toBe('Invalid test configuration:');
  });

  it('list the variables they read and refuse a leaf without a name', () => {
    expect(envNames(slice.schema)).toEqual(['PORT', 'NAME', 'PAIR_A', 'PAIR_B']);
    expect(() => loadSlice(defineSlice('x', { bare: z.string() }), {})).toThrow(/envVar/);
  });

  it('return a frozen object', () => {
    const config = loadSlice(slice, {});
    expect(Object.isFrozen(config) && Object.isFrozen(config.nested)).toBe(true);
  });
});
