import fc from 'fast-check';

/** One seed per test file: FUZZ_SEED reproduces a run, otherwise a fresh one (printed on failure). */
export const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);

/** Runs per property; FUZZ_RUNS scales a run up (a longer hunt) or down. */
export const runs = (n: number) => Math.max(1, Math.round(n * Number(process.env.FUZZ_RUNS_FACTOR ?? 1)));

/**
 * fc.assert with the file's seed, bounded, its report prefixed with how to reproduce it. Shrinking
 * is on: each step is one more request, and a minimal counterexample is worth the seconds.
 */
export async function check<T>(arb: fc.Arbitrary<T>, numRuns: number, property: (value: T) => Promise<void>): Promise<void> {
  try {
    // The time limit bounds a slow machine (fewer runs, still a pass) and a long shrink (the
    // failure found so far is reported).
    await fc.assert(fc.asyncProperty(arb, property), { seed, numRuns, endOnFailure: process.env.FUZZ_SHRINK === '0', interruptAfterTimeLimit: 30_000 });
  } catch (error) {
    // Counterexamples hold 70 KB strings: runs of one character are abbreviated, the rest capped.
    // fast-check keeps the property's own error as the cause.
    const inner = error instanceof Error ? (error.cause as { message?: unknown } | undefined) : undefined;
    const cause = inner === undefined ? '' : `\nGot error: ${String(inner?.message ?? inner)}`;
    const message = (error instanceof Error ? error.message + cause : String(error)).replace(/(.)\1{40,}/g, (run, c: string) => `${c}{×${run.length}}`);
    throw new Error(
      `fuzz failure; reproduce with FUZZ_SEED=${seed}\n${message.length > 5000 ? `${message.slice(0, 2500)}\n…\n${message.slice(-2500)}` : message}`,
    );
  }
}
