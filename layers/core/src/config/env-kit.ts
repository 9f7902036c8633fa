import { z } from 'zod';

/**
 * The pieces every process's configuration is built from. Each environment variable is declared once,
 * with `envVar(NAME, parser)`, in a section module; a process's slice is a nested zod schema made of
 * those declarations, so where a declaration sits in the slice is where its value lands, and the
 * slice's type is `z.output` of it.
 */

export class ConfigError extends Error {
  constructor(
    readonly problems: string[],
    what = 'configuration',
  ) {
    super(`Invalid ${what}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

/** A rule across variables, checked on the raw values so one run reports it beside every parse problem. */
export type Rule = (env: Env) => string[];

export interface Slice<S extends z.ZodType> {
  /** Shown in the error: `Invalid <what>:`. */
  what: string;
  schema: S;
  rules: Rule[];
}

const names = z.registry<{ env: string }>();

/** The one declaration of an environment variable: its name and how its text is parsed. */
export function envVar<T extends z.ZodType>(name: string, schema: T): T {
  // A clone, so registering never renames a schema some other declaration also uses.
  return (schema.clone() as z.ZodType).register(names, { env: name }) as T;
}

export const int = (fallback: number, min = 1) => z.coerce.number().int().min(min).default(fallback);

export const url = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine((v) => protocols.some((p) => v.startsWith(`${p}://`)), `must be a ${protocols.join(' or ')} URL`)
    .optional();

// s.yaml passes each optional variable to every function as '' when the deployer has none, so for
// optional variables without a default (MONGODB_URL, SMTP_URL, UNSUBSCRIBE_SECRET, FIREBASE_*) empty = unset.
export const unsetIfBlank = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/**
 * Variables that only mean something together (an FCM service account, an OSS bucket with its keys):
 * the object once every `required` member is set, else undefined. Half-set groups are reported by the
 * slice's rules, in words that name the whole group.
 */
export function together<S extends Record<string, z.ZodType>, R extends keyof S & string>(shape: S, required: readonly R[]) {
  type Out = Simplify<{ [K in R]-?: NonNullable<z.output<S[K]>> } & { [K in Exclude<keyof S, R>]: z.output<S[K]> }>;
  return z.object(shape).transform((v) => (required.every((k) => (v as Record<string, unknown>)[k] !== undefined) ? (v as unknown as Out) : undefined));
}

/** A process's slice: the sections and variables it reads, nested as its config object is. */
export function defineSlice<S extends z.ZodRawShape>(what: string, shape: S, rules: Rule[] = []): Slice<z.ZodObject<S>> {
  return { what, schema: z.object(shape), rules };
}

/** Every variable a slice reads, in declaration order. */
export function envNames(schema: z.ZodType): string[] {
  return [...leaves(schema).values()];
}

/** Parses the environment into the slice's object, deeply frozen; throws one ConfigError listing every problem. */
export function loadSlice<S extends z.ZodType>(slice: Slice<S>, env: Env): z.output<S> {
  const parsed = slice.schema.safeParse(inputOf(slice.schema, env));
  const where = leaves(slice.schema);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${label(where, i.path)}: ${i.message}`);
  for (const rule of slice.rules) problems.push(...rule(env));
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems, slice.what);
  return deepFreeze(parsed.data);
}

/** The nested input the schema expects, each leaf given its variable's raw text. */
function inputOf(schema: z.ZodType, env: Env): unknown {
  const meta = names.get(schema);
  if (meta) return env[meta.env];
  if (schema instanceof z.ZodObject) return Object.fromEntries(Object.entries(schema.shape as Record<string, z.ZodType>).map(([k, s]) => [k, inputOf(s, env)]));
  return inputOf(innerOf(schema), env);
}

const cache = new WeakMap<z.ZodType, Map<string, string>>();

/** Path in the config (`auth.issuer`) → variable name, for every leaf. */
function leaves(schema: z.ZodType): Map<string, string> {
  let map = cache.get(schema);
  if (!map) {
    map = new Map();
    const walk = (s: z.ZodType, path: string[]) => {
      const meta = names.get(s);
      if (meta) map!.set(path.join('.'), meta.env);
      else if (s instanceof z.ZodObject) for (const [k, child] of Object.entries(s.shape as Record<string, z.ZodType>)) walk(child, [...path, k]);
      else walk(innerOf(s), path);
    };
    walk(schema, []);
    cache.set(schema, map);
  }
  return map;
}

function innerOf(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodPipe) return schema.in as z.ZodType;
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault || schema instanceof z.ZodNullable) return schema.unwrap() as z.ZodType;
  throw new Error('config schema: every leaf must be declared with envVar');
}

/** `JWT_SIGNING_KEYS.0.alg` for an issue at `auth.signingKeys.0.alg`. */
function label(where: Map<string, string>, path: PropertyKey[]): string {
  for (let n = path.length; n > 0; n--) {
    const name = where.get(path.slice(0, n).join('.'));
    if (name) return [name, ...path.slice(n)].map(String).join('.');
  }
  return path.map(String).join('.') || 'environment';
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
