import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { readQuery } from '@chat/core/runtime/json-body';
import { unsubscribeByToken } from '@chat/core/use-cases/email/unsubscribe';

const route = routes['http-email-unsubscribe'];

/**
 * RFC 8058 one-click unsubscribe: mail clients POST `List-Unsubscribe=One-Click` (form-encoded) to
 * the List-Unsubscribe URL. The token is in the URL; the body says nothing more and is ignored.
 */
export const handler = httpFunction(route, async ({ req, deps }) => {
  const { token } = readQuery(req, route.query);
  return json(200, await unsubscribeByToken({ users: deps.auth.users, tokens: deps.email.tokens }, token));
});
