import { toOwnUser, toPublicUser } from '../../domain/auth/user.js';
import { NotFoundError } from '../../domain/errors.js';
import type { ProfilePatch } from '../../ports/user-store.js';
import type { AuthDeps } from './auth-deps.js';

export async function getMe(deps: Pick<AuthDeps, 'users'>, userId: string) {
  const user = await deps.users.findById(userId);
  if (!user) throw new NotFoundError('User');
  return toOwnUser(user);
}

export async function updateMe(deps: Pick<AuthDeps, 'users'>, userId: string, patch: ProfilePatch) {
  const user = await deps.users.update(userId, { ...patch, ...(patch.displayName !== undefined ? { displayName: patch.displayName.trim() } : {}) });
  if (!user) throw new NotFoundError('User');
  return toOwnUser(user);
}

export async function searchUsers(deps: Pick<AuthDeps, 'users'>, prefix: string, limit = 20) {
  const found = await deps.users.searchByUsernamePrefix(prefix, limit);
  return found.map(toPublicUser);
}

/** The public profiles of the given ids that exist, in the order asked (unknown ids are left out). */
export async function usersByIds(deps: Pick<AuthDeps, 'users'>, ids: readonly string[]) {
  const found = await Promise.all([...new Set(ids)].map((id) => deps.users.findById(id)));
  return found.filter((u) => u !== undefined).map(toPublicUser);
}
