/**
 * The error for a slice that has no cloud service configured and no embedded stand-in provided.
 * Deployed functions always have the URL (production config requires it); the embedded stand-ins
 * (PGlite, memory stores) come with the local cloud and the test harness (wiring/embedded.ts), so
 * the cloud bundles never carry them.
 */
export function notConfigured(variable: string, what: string): Error {
  return new Error(`${variable} is not set, so there is no ${what}: set it, or run under the local cloud (npm start), which provides an embedded one`);
}
