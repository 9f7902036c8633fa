import { SqlMediaStore } from '../adapters/sql/media-store.js';
import { SqlConversationStore } from '../adapters/sql/conversation-store.js';
import { SqlDeviceStore } from '../adapters/sql/device-store.js';
import { SqlUserStore } from '../adapters/sql/user-store.js';
import type { ConversationStore } from '../ports/conversation-store.js';
import type { DeviceStore } from '../ports/device-store.js';
import type { MediaStore } from '../ports/media-store.js';
import type { UserStore } from '../ports/user-store.js';
import { sqlDatabase } from './sql.js';
import { feature } from './wiring.js';

export const userStore = feature<UserStore>('users', async ({ use }) => new SqlUserStore(await use(sqlDatabase)));
export const deviceStore = feature<DeviceStore>('devices', async ({ use }) => new SqlDeviceStore(await use(sqlDatabase)));
export const conversationStore = feature<ConversationStore>('conversations', async ({ use }) => new SqlConversationStore(await use(sqlDatabase)));
export const mediaStore = feature<MediaStore>('media-store', async ({ use }) => new SqlMediaStore(await use(sqlDatabase)));
