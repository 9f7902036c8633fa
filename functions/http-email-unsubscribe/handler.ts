import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { unsubscribeByToken } from '@chat/core/use-cases/email/unsubscribe';
import { email } from '@chat/core/wiring/email';
import { userStore } from '@chat/core/wiring/stores';

/**
 * RFC 8058 one-click unsubscribe: mail clients POST `List-Unsubscribe=One-Click` (form-encoded) to
 * the List-Unsubscribe URL. The token is in the URL; the body says nothing more and is ignored.
 */
export const handler = httpFunction(routes['http-email-unsubscribe'], async ({ query, use }) => {
  const [users, { tokens }] = await Promise.all([use(userStore), use(email)]);
  return json(200, await unsubscribeByToken({ users, tokens }, query.token));
});
