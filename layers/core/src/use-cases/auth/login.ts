import { toOwnUser } from '../../domain/auth/user.js';
import { UnauthorizedError } from '../../domain/errors.js';
import type { AuthDeps } from './auth-deps.js';
import { startSession } from './issue-tokens.js';
import { LoginThrottle } from './login-throttle.js';

export interface LoginInput {
  login: string;
  password: string;
  sourceIp: string;
}

/** Unknown user and wrong password are indistinguishable: same error, same work. */
export async function login(deps: AuthDeps, input: LoginInput) {
  const throttle = new LoginThrottle(deps);
  await throttle.assertAllowed(input.login, input.sourceIp);
  const found = await deps.users.findCredentials(input.login);
  const ok = found ? await deps.hasher.verify(input.password, found.passwordHash) : (await deps.hasher.verifyDummy(input.password), false);
  if (!found || !ok) {
    await throttle.recordFailure(input.login, input.sourceIp);
    throw new UnauthorizedError('invalid_credentials', 'Wrong login or password');
  }
  await throttle.recordSuccess(input.login);
  return { user: toOwnUser(found.user), tokens: await startSession(deps, found.user.id) };
}
