import { describe, expect, it } from 'vitest';
import { bearer, call } from '../../test/support/fc-http.js';
import { useChat } from '../../test/support/use-chat.js';
import { handler as getMe } from '../http-me-get/handler.js';
import { handler } from './handler.js';

describe('PATCH /v1/me doNotDisturb', () => {
  const [user] = useChat({ users: ['dnd'] }).users;
  const patch = (body: unknown) => call(handler, { method: 'PATCH', path: '/v1/me', headers: bearer(user.accessToken), body });

  it('starts off, is set, survives other changes, and is cleared with null', async () => {
    expect((await call(getMe, { method: 'GET', path: '/v1/me', headers: bearer(user.accessToken) })).json.user.doNotDisturb).toBeNull();
    const doNotDisturb = { start: '22:00', end: '07:00', timeZone: 'Europe/Berlin' };
    expect((await patch({ doNotDisturb })).json.user.doNotDisturb).toEqual(doNotDisturb);
    expect((await patch({ pushEnabled: false })).json.user).toMatchObject({ pushEnabled: false, doNotDisturb });
    expect((await call(getMe, { method: 'GET', path: '/v1/me', headers: bearer(user.accessToken) })).json.user.doNotDisturb).toEqual(doNotDisturb);
    expect((await patch({ doNotDisturb: null })).json.user.doNotDisturb).toBeNull();
  });

  it('refuses malformed hours, unknown zones, empty windows and extra fields', async () => {
    const bad = [
      { start: '24:00', end: '07:00', timeZone: 'Europe/Berlin' },
      { start: '7:00', end: '08:00', timeZone: 'Europe/Berlin' },
      { start: '22:00', end: '07:00', timeZone: 'Mars/Olympus_Mons' },
      { start: '22:00', end: '22:00', timeZone: 'UTC' },
      { start: '22:00', end: '07:00' },
      { start: '22:00', end: '07:00', timeZone: 'UTC', days: 'weekdays' },
    ];
    for (const doNotDisturb of bad) {
      const res = await patch({ doNotDisturb });
      expect(res.status, JSON.stringify(doNotDisturb)).toBe(400);
      expect(res.json.error.details[0].field).toMatch(/^doNotDisturb/);
    }
  });
});
