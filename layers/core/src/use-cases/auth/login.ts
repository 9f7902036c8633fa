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

/** Unknown user and wrong password are indistinguishable: same error, same work, same limit. */
export async function login(deps: AuthDeps, input: LoginInput) {
  const found = await deps.users.findCredentials(input.login);
  const attempt = await new LoginThrottle(deps).reserve(found ? { userId: found.user.id } : { unknownLogin: input.login }, input.sourceIp);
  const ok = found ? await deps.hasher.verify(input.password, found.passwordHash) : (await deps.hasher.verifyDummy(input.password), false);
  if (!found || !ok) throw new UnauthorizedError('invalid_credentials', 'Wrong login or password');
  await attempt.succeeded();
  return { user: toOwnUser(found.user), tokens: await startSession(deps, found.user.id) };
}
