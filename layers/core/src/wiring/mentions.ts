import { SqlMentionStore } from '../adapters/sql/mention-store.js';
import type { MentionDeps } from '../use-cases/mentions/mention-deps.js';
import { UnreadMentionCounters } from '../use-cases/mentions/unread-counters.js';
import { keyValue } from './key-value.js';
import { presenceStore } from './realtime.js';
import { sqlDatabase } from './sql.js';
import { feature } from './wiring.js';

/** The mention worker's and `GET /v1/mentions`' stores, and the unread-mention counters in Redis. */
export const mentions = feature<MentionDeps>('mentions', async ({ use }) => {
  const [sql, kv] = await Promise.all([use(sqlDatabase), use(keyValue)]);
  const store = new SqlMentionStore(sql);
  return {
    store,
    counters: new UnreadMentionCounters(kv, store),
    // `@here`: asks presence only when a message says it, so most mention jobs never connect to it.
    online: async (userIds) => {
      const presence = await use(presenceStore);
      const flags = await Promise.all(userIds.map((id) => presence.isOnline(id)));
      return new Set(userIds.filter((_, i) => flags[i]));
    },
  };
});
