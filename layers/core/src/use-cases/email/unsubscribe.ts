import type { UnsubscribeTokens } from '../../ports/unsubscribe-tokens.js';
import { ValidationError } from '../../domain/errors.js';
import type { UserStore } from '../../ports/user-store.js';

/**
 * One-click unsubscribe (RFC 8058) from the link in a notification e-mail: turns the user's e-mail
 * notifications off. Idempotent; a token this server did not sign is a 400.
 */
export async function unsubscribeByToken(
  deps: { users: Pick<UserStore, 'update'>; tokens: UnsubscribeTokens },
  token: string,
): Promise<{ emailNotifications: 'off' }> {
  const userId = deps.tokens.verify(token);
  if (!userId) throw new ValidationError('Invalid unsubscribe link', [{ field: 'token', issue: 'not a token this server issued' }]);
  // A user deleted since the e-mail gets nothing more anyway: also a success.
  await deps.users.update(userId, { emailNotifications: 'off' });
  return { emailNotifications: 'off' };
}
