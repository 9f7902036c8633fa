import { startLocalCloud, type RunningCloud } from '../support/local-cloud.js';

/**
 * The local cloud, retried on EADDRINUSE: its gateway nodes listen on PORT+1 and PORT+2, which the
 * kernel may meanwhile have handed out as ephemeral ports (the HTTP fuzz opens thousands of
 * connections while the WebSocket fuzz starts).
 */
export async function startFuzzCloud(): Promise<RunningCloud> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startLocalCloud();
    } catch (error) {
      if (attempt >= 3 || !String(error).includes('EADDRINUSE')) throw error;
    }
  }
}
