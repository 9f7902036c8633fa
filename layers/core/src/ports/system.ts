/** Time and randomness, injected so use cases stay deterministic under test. */
export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  /** A new opaque, unique, URL-safe id. */
  id(): string;
  /** A new secret with at least 256 bits of entropy, URL-safe. */
  secret(): string;
  /** A one-way digest of a secret (for storing tokens). */
  digest(secret: string): string;
}
