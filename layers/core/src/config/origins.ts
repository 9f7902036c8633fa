import { z } from 'zod';

const origin = z.string().refine((value) => {
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}, 'each entry must be an origin such as https://app.example.com (scheme, host and port; no path or trailing slash)');

/**
 * `CORS_ALLOWED_ORIGINS`: the browser origins allowed to call the API and open the WebSocket,
 * comma-separated. Unset means none: a deployment opts in to each web app that may use it.
 */
export const originList = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
  )
  .pipe(z.array(origin));
