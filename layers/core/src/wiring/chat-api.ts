import { InProcessChatApi } from '../adapters/in-process/chat-api.js';
import { authenticator } from './auth.js';
import { calls } from './calls.js';
import { chat } from './chat.js';
import type { ChatDeps } from '../use-cases/chat/chat-deps.js';
import type { Use } from './wiring.js';

/**
 * The chat use cases behind the gateway's ChatApi port, run in this process over `use`'s wiring.
 * `longLived`: this process outlives each call (a gateway node, not a function instance), so a
 * send may relay its jobs after answering (ChatDeps.relayAfterReply).
 */
export function inProcessChatApi(use: () => Use, options: { longLived?: boolean } = {}): InProcessChatApi {
  const relaying = new WeakMap<object, ChatDeps>();
  const withRelay = (c: ChatDeps) => {
    if (!options.longLived) return c;
    let deps = relaying.get(c);
    if (!deps) relaying.set(c, (deps = { ...c, relayAfterReply: true }));
    return deps;
  };
  return new InProcessChatApi(
    async () => {
      const resolve = use();
      const [auth, c] = await Promise.all([resolve(authenticator), resolve(chat)]);
      return { auth, chat: withRelay(c) };
    },
    () => use()(calls),
  );
}
