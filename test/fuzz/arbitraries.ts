import fc from 'fast-check';

/**
 * Generators for the fuzz suite: values that follow a JSON Schema (the OpenAPI document's, or a
 * frame schema's) closely enough to get past validation and reach the use cases, and hostile values
 * that a client, a proxy or an attacker can send instead.
 */
export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
};

/** Values the server already holds (ids of the fuzz user's conversation, users, seqs), by field name. */
export type Known = Record<string, readonly (string | number)[]>;

const CONTROL = ['\u0000', '\u0001', '\u0008', '\u000b', '\u001b', '\u007f', '\r\n', '\u2028', '\ufeff', '\u200b'];
const LONE_SURROGATES = ['\ud800', '\udfff', '\ud83d', '\ude00\ud83d'];
const TRICKY = ['', ' ', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '../..', '%00', '%', '\\', "' OR 1=1 --", 'NaN', '-1', '1e999'];
const TRICKY_MORE = ['0x10', '١٢٣', 'Ａｄｍｉｎ', '👩‍👩‍👧‍👦', 'e\u0301', 'null', 'true', '[]', '{}', 'a'.repeat(129)];
// Lengths just over the id limit, over a header line, and over the 64 KiB body limit.
const LONG = [65, 129, 4097, 20_000, 70_000];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.string({ maxLength: 8 }), fc.constantFrom(...CONTROL, ...LONE_SURROGATES), fc.string({ maxLength: 8 })).map(([a, b, c]) => a + b + c),
  fc.constantFrom(...TRICKY, ...TRICKY_MORE),
  fc.constantFrom(...LONG).map((n) => 'x'.repeat(n)),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(-1, 0, -0, 0.5, -2147483649, 2 ** 31, 2 ** 53, 2 ** 53 + 2, -(2 ** 63), 1e21, 1e308, -1e308, Number.MIN_VALUE),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/** Any JSON value of the wrong kind, or a right kind with a nasty content. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  hostileNumber,
  hostileString,
  fc.constantFrom([], {}, [null], { '': '' }),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'prototype', 'a'), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);

/** A JSON text nested `depth` levels deep, as arrays or objects. */
export const deepJson = fc
  .tuple(fc.integer({ min: 100, max: 30_000 }), fc.boolean())
  .map(([depth, arrays]) => (arrays ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)));

function stringOf(s: JsonSchema, known: readonly (string | number)[]): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = Math.min(s.maxLength ?? 40, 200);
  let base: fc.Arbitrary<string>;
  if (s.enum) base = fc.constantFrom(...(s.enum as string[]));
  else if (s.format === 'email') base = fc.emailAddress().filter((e) => e.length <= max);
  else if (s.pattern && !s.pattern.startsWith('^[^')) {
    const re = new RegExp(s.pattern);
    base = fc
      .stringMatching(re)
      .map((v) => v.slice(0, max))
      .filter((v) => v.length >= min && re.test(v));
  } else {
    // The one-line and multi-line rules (negated classes): any text, minus what they refuse.
    const re = s.pattern ? new RegExp(s.pattern, 'u') : undefined;
    base = fc.string({ unit: 'grapheme', minLength: min, maxLength: max }).filter((v) => !re || re.test(v));
  }
  const ids = known.filter((k): k is string => typeof k === 'string');
  return ids.length ? fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...ids) }, { weight: 1, arbitrary: base }) : base;
}

/** A value that follows `schema` (known values for the field `name` are preferred). */
export function fromSchema(schema: JsonSchema, known: Known = {}, name = ''): fc.Arbitrary<unknown> {
  const s = schema;
  const hints = known[name] ?? [];
  if ('const' in s) return fc.constant(s.const);
  const alternatives = s.oneOf ?? s.anyOf;
  if (alternatives) return fc.oneof(...alternatives.map((a) => fromSchema(a, known, name)));
  if (s.allOf) return fromSchema(Object.assign({}, ...s.allOf) as JsonSchema, known, name);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string':
      return stringOf(s, hints);
    case 'integer':
    case 'number': {
      const nums = hints.filter((k): k is number => typeof k === 'number');
      const range = fc.integer({ min: Math.max(s.minimum ?? -1e6, Number.MIN_SAFE_INTEGER), max: Math.min(s.maximum ?? 1e6, Number.MAX_SAFE_INTEGER) });
      return nums.length ? fc.oneof(fc.constantFrom(...nums), range) : range;
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(fromSchema(s.items ?? {}, known, name), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 5, 5) });
    case 'object': {
      const props = s.properties ?? {};
      const required = Object.keys(props).filter((k) => s.required?.includes(k));
      const optional = Object.keys(props).filter((k) => !s.required?.includes(k));
      const shape = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, fromSchema(v, known, k)]));
      if (Object.keys(props).length === 0 && typeof s.additionalProperties === 'object') {
        return fc.dictionary(
          fromSchema(s.propertyNames ?? { type: 'string' }, known, name) as fc.Arbitrary<string>,
          fromSchema(s.additionalProperties, known, name),
          {
            maxKeys: 3,
          },
        );
      }
      return fc.record(shape, { requiredKeys: required.length || optional.length ? required : [] });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/**
 * A hostile variant of a valid value: one field of the wrong kind, a missing required field, an
 * unknown or prototype key, or the whole value replaced. Non-objects are replaced outright.
 */
export function mutate(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const edits = fc.tuple(valid, fc.nat(), hostileValue, fc.constantFrom('__proto__', 'constructor', 'prototype', 'extra', ''));
  return fc.oneof(
    hostileValue,
    edits.map(([value, pick, bad, key]) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return bad;
      const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      const keys = Object.keys(copy);
      const target = keys.length ? keys[pick % keys.length]! : key;
      switch (pick % 3) {
        case 0:
          copy[target] = bad;
          break;
        case 1:
          delete copy[target];
          break;
        default:
          Object.defineProperty(copy, key, { value: bad, enumerable: true, writable: true, configurable: true });
      }
      return copy;
    }),
  );
}
