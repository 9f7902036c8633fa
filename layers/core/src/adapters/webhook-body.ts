import { AppError } from '../domain/errors.js';

/** A webhook body as a JSON object, or a 400: a provider retrying it would fail the same way. */
export function parseObject(raw: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch (cause) {
    throw new AppError('malformed_json', 'The body is not JSON', { cause });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new AppError('malformed_json', 'The body is not a JSON object');
  return value as Record<string, unknown>;
}
