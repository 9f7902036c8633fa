import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { searchUsers, usersByIds } from '@chat/core/use-cases/auth/profile';
import { auth } from '@chat/core/wiring/auth';

export const handler = httpFunction(routes['http-users-search'], async ({ query, use }) =>
  json(200, { items: query.ids ? await usersByIds(await use(auth), query.ids) : await searchUsers(await use(auth), query.q!, query.limit) }),
);
