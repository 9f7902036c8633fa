import { loadConfig } from '../config/env.js';
import { rootLogger } from '../runtime/logger.js';
import { Wiring } from './wiring.js';

let current: Wiring | undefined;

/**
 * The process-wide wiring: on an FC instance built from the environment on first use and reused by
 * every warm invocation; the local cloud and tests install theirs with `provideWiring`.
 */
export function processWiring(): Wiring {
  if (!current) provideWiring(new Wiring(loadConfig(process.env)));
  return current!;
}

export function provideWiring(wiring: Wiring): void {
  rootLogger().level = wiring.config.logLevel;
  current = wiring;
}
