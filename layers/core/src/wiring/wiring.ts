import type { Config } from '../config/env.js';

/**
 * One slice of the system's wiring (a store, a client, a use-case dependency bag), built from
 * config and other slices the first time something asks for it. A function builds only the slices
 * its handler asks for, so a JWKS function never opens the message store and a push worker never
 * loads the JWT key set.
 */
export interface Feature<T> {
  readonly name: string;
  build(wiring: Wiring): Promise<T> | T;
  /** Releases what `build` opened (connections, pools); called by `Wiring.close`. */
  close?(value: T): Promise<void> | void;
}

export function feature<T>(name: string, build: (wiring: Wiring) => Promise<T> | T, close?: (value: T) => Promise<void> | void): Feature<T> {
  return close ? { name, build, close } : { name, build };
}

/** Resolves a slice; what a handler gets to pull in the slices it uses. */
export type Use = <T>(feature: Feature<T>) => Promise<T>;

/**
 * The slices built so far in this process (an FC instance, the local cloud, one test file), over
 * one config. Tests and the local cloud `provide` their own value for any slice (an embedded
 * database, a shared broker) before anything asks for it.
 */
export class Wiring {
  private readonly built = new Map<Feature<unknown>, Promise<unknown>>();
  private readonly order: Feature<unknown>[] = [];

  constructor(readonly config: Config) {}

  /**
   * Uses `value` for `feature` instead of building it. `close()` closes it (with the feature's own
   * `close`) only if `owned`: a value shared with other wirings is closed by whoever made it.
   */
  provide<T>(feature: Feature<T>, value: T | Promise<T>, owned = false): this {
    this.built.set(feature as Feature<unknown>, Promise.resolve(value));
    if (owned) this.order.push(feature as Feature<unknown>);
    return this;
  }

  readonly use: Use = <T>(feature: Feature<T>): Promise<T> => {
    let value = this.built.get(feature as Feature<unknown>) as Promise<T> | undefined;
    if (!value) {
      value = Promise.resolve().then(() => feature.build(this));
      this.built.set(feature as Feature<unknown>, value);
      this.order.push(feature as Feature<unknown>);
      // A failed build is forgotten so the next invocation retries (a database that was briefly down).
      value.catch(() => {
        if (this.built.get(feature as Feature<unknown>) === value) this.built.delete(feature as Feature<unknown>);
      });
    }
    return value;
  };

  /** Closes what this wiring built, the most recently built first (users before what they use). */
  async close(): Promise<void> {
    for (const feature of [...this.order].reverse()) {
      const value = this.built.get(feature);
      this.built.delete(feature);
      if (!value || !feature.close) continue;
      await value.then((v) => feature.close!(v)).catch(() => undefined);
    }
  }
}
