import { InProcessChatApi } from '../adapters/in-process/chat-api.js';
import { authenticator } from './auth.js';
import { calls } from './calls.js';
import { chat } from './chat.js';
import type { Use } from './wiring.js';

/** The chat use cases behind the gateway's ChatApi port, run in this process over `use`'s wiring. */
export function inProcessChatApi(use: () => Use): InProcessChatApi {
  return new InProcessChatApi(
    async () => {
      const resolve = use();
      const [auth, c] = await Promise.all([resolve(authenticator), resolve(chat)]);
      return { auth, chat: c };
    },
    () => use()(calls),
  );
}
