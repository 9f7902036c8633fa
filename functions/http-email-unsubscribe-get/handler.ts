import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { htmlPage } from '@chat/core/runtime/http-response';
import { unsubscribeByToken } from '@chat/core/use-cases/email/unsubscribe';
import { email } from '@chat/core/wiring/email';
import { userStore } from '@chat/core/wiring/stores';

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Unsubscribed</title></head>
<body style="font-family: sans-serif; max-width: 32em; margin: 3em auto">
<h1>You are unsubscribed</h1>
<p>You will no longer receive e-mail notifications. You can turn them back on in the app's settings.</p>
</body></html>
`;

/** The unsubscribe link in a notification e-mail, opened in a browser: turns e-mail off and says so. */
export const handler = httpFunction(routes['http-email-unsubscribe-get'], async ({ query, use }) => {
  const [users, { tokens }] = await Promise.all([use(userStore), use(email)]);
  await unsubscribeByToken({ users, tokens }, query.token);
  return htmlPage(200, PAGE);
});
