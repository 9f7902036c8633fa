import { routes } from '@chat/core/api/routes';
import { httpFunction } from '@chat/core/runtime/http-function';
import { json } from '@chat/core/runtime/http-response';
import { checkHealth } from '@chat/core/runtime/health';

export const handler = httpFunction(routes['http-health-get'], async ({ use }) => {
  const report = await checkHealth(use);
  return json(report.status === 'ok' ? 200 : 503, report);
});
