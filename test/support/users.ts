import { handler as registerHandler } from '../../functions/http-auth-register/handler.js';
import { call } from './fc-http.js';

export interface TestUser {
  id: string;
  username: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

let n = 0;

/** Registers a fresh user through the real register function. */
export async function registerUser(prefix = 'user'): Promise<TestUser> {
  const username = `${prefix}_${process.pid}_${++n}`;
  const password = 'a long enough passphrase';
  const res = await call(registerHandler, { method: 'POST', path: '/v1/auth/register', body: { username, email: `${username}@example.com`, password } });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.json)}`);
  return { id: res.json.user.id, username, password, accessToken: res.json.tokens.accessToken, refreshToken: res.json.tokens.refreshToken };
}
