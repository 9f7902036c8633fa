import { describe, expect, it } from 'vitest';
import { useUseCaseDeps } from '../../../../../test/support/use-case-deps.js';
import { ConflictError, RateLimitedError, UnauthorizedError, ValidationError } from '../../domain/errors.js';
import { login } from './login.js';
import { logout } from './logout.js';
import { refresh } from './refresh.js';
import { register } from './register.js';
import { isSessionMarkedRevoked } from './revocation.js';
import { usersByIds } from './profile.js';
import { SearchUsersQuery } from '../../api/auth-schemas.js';

const password = 'a long enough passphrase';
let n = 0;
const fresh = () => ({ username: `auth_${++n}`, email: `auth_${n}@example.com`, password });
/** The session id inside the test deps' plain access token (`at.<userId>.<sessionId>`). */
const sessionOf = (accessToken: string) => accessToken.split('.')[2]!;
const code = (err: unknown) => (err as UnauthorizedError).code;

// register, login, refresh and logout called directly; users and sessions on PGlite, the rest in memory.
describe('auth use cases', () => {
  const d = useUseCaseDeps();

  it('registers a user with a session, storing only the hash', async () => {
    const input = fresh();
    const { user, tokens } = await register(d.auth, { ...input, displayName: '  Ann  ' });
    expect(user).toMatchObject({ username: input.username, displayName: 'Ann' });
    expect(user).not.toHaveProperty('passwordHash');
    expect(tokens.refreshToken).toBeTruthy();
    expect((await d.auth.users.findCredentials(input.username))?.passwordHash).toBe(`plain:${password}`);
  });

  it('names users by id (public fields only, unknown and repeated ids left out), and the query takes ids or q', async () => {
    const [a, b] = [(await register(d.auth, fresh())).user, (await register(d.auth, { ...fresh(), displayName: 'Bee' })).user];
    expect(await usersByIds(d.auth, [b.id, 'nobody', a.id, b.id])).toEqual([
      { id: b.id, username: b.username, displayName: 'Bee' },
      { id: a.id, username: a.username, displayName: a.displayName },
    ]);
    expect(SearchUsersQuery.parse({ ids: `${a.id},${b.id}` }).ids).toEqual([a.id, b.id]);
    expect(SearchUsersQuery.safeParse({}).success).toBe(false);
    expect(SearchUsersQuery.safeParse({ ids: 'ok,bad id' }).success).toBe(false);
    expect(SearchUsersQuery.safeParse({ ids: Array.from({ length: 51 }, (_, i) => `u${i}`).join(',') }).success).toBe(false);
  });

  it('refuses a taken username or e-mail in any case, and a weak password', async () => {
    const taken = fresh();
    await register(d.auth, taken);
    await expect(register(d.auth, { ...fresh(), username: taken.username.toUpperCase() })).rejects.toBeInstanceOf(ConflictError);
    await expect(register(d.auth, { ...fresh(), email: taken.email.toUpperCase() })).rejects.toBeInstanceOf(ConflictError);
    await expect(register(d.auth, { ...fresh(), password: 'short' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('answers a wrong password and an unknown login alike, doing the dummy hash for the unknown one', async () => {
    const input = fresh();
    await register(d.auth, input);
    const dummies = d.hasher.dummies;
    const wrong = await login(d.auth, { login: input.username, password: 'not the passphrase', sourceIp: '198.51.100.1' }).catch((e) => e);
    expect(d.hasher.dummies).toBe(dummies);
    const unknown = await login(d.auth, { login: 'nobody_at_all', password, sourceIp: '198.51.100.1' }).catch((e) => e);
    expect(d.hasher.dummies).toBe(dummies + 1);
    for (const err of [wrong, unknown]) {
      expect(err).toBeInstanceOf(UnauthorizedError);
      expect([code(err), err.message]).toEqual(['invalid_credentials', 'Wrong login or password']);
    }
    expect((await login(d.auth, { login: input.email.toUpperCase(), password, sourceIp: '198.51.100.1' })).tokens.refreshToken).toBeTruthy();
  });

  it('stops an account after perAccount failures, even with the right password, until the window passes', async () => {
    const input = fresh();
    await register(d.auth, input);
    const attempt = (pw: string) => login(d.auth, { login: input.username, password: pw, sourceIp: '198.51.100.2' });
    // A success clears the failures: two, a success, then the full three again.
    for (let i = 0; i < 2; i++) await expect(attempt('wrong')).rejects.toBeInstanceOf(UnauthorizedError);
    await attempt(password);
    for (let i = 0; i < 3; i++) await expect(attempt('wrong')).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(attempt(password)).rejects.toBeInstanceOf(RateLimitedError);
    d.clock.advance(61_000);
    expect((await attempt(password)).user.username).toBe(input.username);
  });

  it('rotates the refresh token; reusing a rotated one revokes the whole session', async () => {
    const { tokens } = await register(d.auth, fresh());
    const session = sessionOf(tokens.accessToken);
    const next = (await refresh(d.auth, tokens.refreshToken)).tokens;
    expect(next.refreshToken).not.toBe(tokens.refreshToken);
    expect(sessionOf(next.accessToken)).toBe(session);
    expect(await isSessionMarkedRevoked(d.auth, session)).toBe(false);

    expect(code(await refresh(d.auth, tokens.refreshToken).catch((e) => e))).toBe('session_revoked');
    // The access tokens of the session are refused from now on, and so is the newest refresh token.
    expect(await isSessionMarkedRevoked(d.auth, session)).toBe(true);
    expect(code(await refresh(d.auth, next.refreshToken).catch((e) => e))).toBe('session_revoked');
  });

  it('refuses an expired or unknown refresh token', async () => {
    const { tokens } = await register(d.auth, fresh());
    d.clock.advance(d.auth.policy.refreshTokenTtlSeconds * 1000 + 1);
    expect(code(await refresh(d.auth, tokens.refreshToken).catch((e) => e))).toBe('token_expired');
    expect(code(await refresh(d.auth, 'never-issued').catch((e) => e))).toBe('invalid_token');
  });

  it('logs out the one session, idempotently, leaving the other sessions of the user', async () => {
    const input = fresh();
    const first = (await register(d.auth, input)).tokens;
    const second = (await login(d.auth, { login: input.username, password, sourceIp: '198.51.100.3' })).tokens;
    await logout(d.auth, first.refreshToken);
    await logout(d.auth, first.refreshToken);
    await logout(d.auth, 'never-issued');
    expect(await isSessionMarkedRevoked(d.auth, sessionOf(first.accessToken))).toBe(true);
    expect(code(await refresh(d.auth, first.refreshToken).catch((e) => e))).toBe('session_revoked');
    expect(await isSessionMarkedRevoked(d.auth, sessionOf(second.accessToken))).toBe(false);
    expect((await refresh(d.auth, second.refreshToken)).tokens.refreshToken).toBeTruthy();
  });
});
