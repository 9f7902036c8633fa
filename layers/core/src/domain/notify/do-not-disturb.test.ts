import { describe, expect, it } from 'vitest';
import { isKnownTimeZone, isQuietTime } from './do-not-disturb.js';

const berlinNight = { start: '22:00', end: '07:00', timeZone: 'Europe/Berlin' };

describe('isQuietTime', () => {
  it('spans midnight in the user zone: start inclusive, end exclusive', () => {
    // Winter: Berlin is UTC+1.
    expect(isQuietTime(berlinNight, new Date('2026-01-15T20:59:00Z'))).toBe(false); // 21:59
    expect(isQuietTime(berlinNight, new Date('2026-01-15T21:00:00Z'))).toBe(true); // 22:00
    expect(isQuietTime(berlinNight, new Date('2026-01-15T23:30:00Z'))).toBe(true); // 00:30
    expect(isQuietTime(berlinNight, new Date('2026-01-16T05:59:00Z'))).toBe(true); // 06:59
    expect(isQuietTime(berlinNight, new Date('2026-01-16T06:00:00Z'))).toBe(false); // 07:00
  });

  it('follows daylight saving (Berlin is UTC+2 in summer)', () => {
    expect(isQuietTime(berlinNight, new Date('2026-07-15T20:30:00Z'))).toBe(true); // 22:30 CEST
    expect(isQuietTime(berlinNight, new Date('2026-07-15T05:30:00Z'))).toBe(false); // 07:30 CEST
    expect(isQuietTime(berlinNight, new Date('2026-01-15T05:30:00Z'))).toBe(true); // 06:30 CET
  });

  it('handles a same-day window and no settings', () => {
    const lunch = { start: '12:00', end: '13:30', timeZone: 'Asia/Shanghai' };
    expect(isQuietTime(lunch, new Date('2026-05-01T04:15:00Z'))).toBe(true); // 12:15
    expect(isQuietTime(lunch, new Date('2026-05-01T05:30:00Z'))).toBe(false); // 13:30
    expect(isQuietTime(lunch, new Date('2026-05-01T03:59:00Z'))).toBe(false); // 11:59
    expect(isQuietTime(null, new Date())).toBe(false);
  });

  it('rather notifies than goes silent for a zone the runtime does not know', () => {
    expect(isQuietTime({ start: '00:00', end: '23:59', timeZone: 'Nowhere/Land' }, new Date())).toBe(false);
  });
});

describe('isKnownTimeZone', () => {
  it('knows IANA zones and UTC, not invented ones', () => {
    for (const zone of ['Europe/Berlin', 'Asia/Shanghai', 'America/New_York', 'UTC']) expect(isKnownTimeZone(zone)).toBe(true);
    for (const zone of ['Mars/Olympus_Mons', '', 'Europe/Berlin; DROP']) expect(isKnownTimeZone(zone)).toBe(false);
  });
});
