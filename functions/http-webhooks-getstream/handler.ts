import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { noContent } from '@chat/core/runtime/http-response';
import { receiveProviderEvent } from '@chat/core/use-cases/calls/webhooks/receive-webhook';
import { getstreamWebhooks } from '@chat/core/wiring/call-webhooks';

/** Stream Video's webhook: verified over the raw bytes, applied once, answered 204 (docs/api.md#webhooks). */
export const handler = httpFunction(routes['http-webhooks-getstream'], async ({ req, use }) => {
  const hooks = await use(getstreamWebhooks);
  const delivery = hooks.reader.read(req);
  const outcome = await receiveProviderEvent(hooks.deps, 'getstream', delivery.dedupeKey, delivery.event);
  return { ...noContent(), headers: { 'x-webhook-outcome': outcome } };
});
