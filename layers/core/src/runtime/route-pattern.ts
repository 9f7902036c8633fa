/**
 * Route patterns like `/v1/me/devices/{deviceId}`. s.yaml declares the same route with `*` in place
 * of each parameter, because FC custom-domain routes only know wildcards; `toWildcard` is how the
 * checks prove the two agree.
 */
export function matchPattern(pattern: string, path: string): Record<string, string> | null {
  const want = split(pattern);
  const got = split(path);
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    const name = /^\{(\w+)\}$/.exec(w)?.[1];
    if (name) {
      if (!g) return null;
      params[name] = g;
    } else if (w !== g) {
      return null;
    }
  }
  return params;
}

export function toWildcard(pattern: string): string {
  return pattern.replace(/\{\w+\}/g, '*');
}

function split(path: string): string[] {
  return path.replace(/\/+$/, '').split('/');
}
