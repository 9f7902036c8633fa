import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { noContent } from '@chat/core/runtime/http-response';
import { receiveProviderEvent } from '@chat/core/use-cases/calls/webhooks/receive-webhook';
import { artcWebhooks } from '@chat/core/wiring/call-webhooks';

/** ARTC's event callback: the path secret and AppId checked, applied once, answered 204 (docs/api.md#webhooks). */
export const handler = httpFunction(routes['http-webhooks-artc'], async ({ req, use }) => {
  const hooks = await use(artcWebhooks);
  const delivery = hooks.reader.read(req);
  const outcome = await receiveProviderEvent(hooks.deps, 'artc', delivery.dedupeKey, delivery.event);
  return { ...noContent(), headers: { 'x-webhook-outcome': outcome } };
});
