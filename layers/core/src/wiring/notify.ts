import { SqlAnalyticsStore } from '../adapters/sql/analytics-store.js';
import type { AnalyticsStore } from '../ports/analytics-store.js';
import { rootLogger } from '../runtime/logger.js';
import type { NotifyDeps } from '../use-cases/notify/notify-deps.js';
import { keyValue } from './key-value.js';
import { presenceStore } from './realtime.js';
import { pushSender } from './push.js';
import { sqlDatabase } from './sql.js';
import { chatReader } from './messages.js';
import { deviceStore, userStore } from './stores.js';
import { feature } from './wiring.js';

/** The push and sync workers' dependencies. */
export const notify = feature<NotifyDeps>('notify', async ({ config, use }) => {
  const [reader, users, devices, presence, push, kv] = await Promise.all([
    use(chatReader),
    use(userStore),
    use(deviceStore),
    use(presenceStore),
    use(pushSender),
    use(keyValue),
  ]);
  return { ...reader, users, devices, presence, push, kv, log: rootLogger(), syncIntervalSeconds: config.push.syncIntervalSeconds };
});

/** Message volume and call statistics. */
export const analytics = feature<AnalyticsStore>('analytics', async ({ use }) => new SqlAnalyticsStore(await use(sqlDatabase)));
