import { passwordProblems } from '../../domain/auth/password-policy.js';
import { toOwnUser } from '../../domain/auth/user.js';
import { ValidationError } from '../../domain/errors.js';
import type { AuthDeps } from './auth-deps.js';
import { startSession } from './issue-tokens.js';

export interface RegisterInput {
  username: string;
  email: string;
  password: string;
  displayName?: string | undefined;
}

export async function register(deps: AuthDeps, input: RegisterInput) {
  const problems = passwordProblems(input.password, input);
  if (problems.length > 0) throw new ValidationError('Choose a stronger password', problems);
  const user = await deps.users.create({
    id: deps.ids.id(),
    username: input.username,
    email: input.email,
    displayName: input.displayName?.trim() || input.username,
    passwordHash: await deps.hasher.hash(input.password),
  });
  return { user: toOwnUser(user), tokens: await startSession(deps, user.id) };
}
