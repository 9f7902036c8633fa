import type { DoNotDisturb } from '../auth/user.js';

export const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

// Building an Intl formatter is far slower than using one; a worker sees few distinct zones.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether `timeZone` is an IANA zone this runtime knows (the API refuses others). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Whether `at` falls in the quiet hours, judged by the wall clock of the user's zone (so the window
 * follows daylight saving). `start` is inclusive, `end` exclusive; a window whose end is before its
 * start spans midnight (22:00–07:00). No settings, no quiet hours.
 */
export function isQuietTime(dnd: DoNotDisturb | null, at: Date): boolean {
  if (!dnd) return false;
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = formatter(dnd.timeZone).formatToParts(at);
  } catch {
    // A zone the runtime no longer knows (tzdata change): better to notify than to go silent.
    return false;
  }
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  const now = Number(part('hour')) * 60 + Number(part('minute'));
  const start = minutes(dnd.start);
  const end = minutes(dnd.end);
  return start < end ? now >= start && now < end : now >= start || now < end;
}
