import { afterAll, beforeAll } from 'vitest';
import { openDirect, openGroup } from './chat.js';
import { useEmbeddedDeps, type Deps } from './deps.js';
import { registerUser, type TestUser } from './users.js';

export interface ChatOptions {
  /** How many users to register (prefix `user`), or one username prefix per user. */
  users?: number | readonly string[];
  /** A group owned by `users[0]`; `members` keeps it to the first n users (default: all of them). */
  group?: boolean | { title?: string; members?: number };
  /** A direct conversation between `users[0]` and `users[1]`. */
  direct?: boolean;
  /** Config for the embedded deps; a function is called in the hook, for values known only then (a test server's url). */
  env?: Record<string, string> | (() => Record<string, string>);
}

/** One user per prefix, typed as a tuple so destructuring needs no checks. */
type UsersOf<U> = U extends readonly string[] ? { readonly [K in keyof U]: TestUser } : readonly TestUser[];

export interface Chat<Users = readonly TestUser[]> {
  /** Filled in by the hook; the objects exist from the start, so they can be destructured at describe time. */
  readonly users: Users;
  readonly deps: Deps;
  readonly groupId: string;
  readonly directId: string;
}

/**
 * The fixture most handler tests open with: embedded deps provided to every handler in the file,
 * registered users and optionally a group and a direct conversation, all made in a `beforeAll`
 * (registered here, so hooks the caller registers afterwards see them) and closed in `afterAll`.
 */
export function useChat<const U extends number | readonly string[] = []>(options: ChatOptions & { users?: U } = {}): Chat<UsersOf<U>> {
  const prefixes = typeof options.users === 'number' ? Array.from({ length: options.users }, () => 'user') : (options.users ?? []);
  // Placeholders, assigned in place: `const { users: [alice, bob] } = useChat(…)` works before the hook has run.
  const users = prefixes.map(() => ({}) as TestUser);
  const made: { deps?: Deps; groupId?: string; directId?: string } = {};
  const ready = <K extends keyof typeof made>(key: K): NonNullable<(typeof made)[K]> => {
    const value = made[key];
    if (value === undefined) throw new Error(`useChat: ${key} is not there (read it inside a test or a later hook, and ask for it in the options)`);
    return value as NonNullable<(typeof made)[K]>;
  };

  beforeAll(async () => {
    made.deps = await useEmbeddedDeps(typeof options.env === 'function' ? options.env() : options.env);
    // One after another: usernames carry a counter, and tests may rely on registration order.
    for (const [i, prefix] of prefixes.entries()) Object.assign(users[i]!, await registerUser(prefix));
    if (options.group) {
      const { title, members } = options.group === true ? {} : options.group;
      const [owner, ...rest] = users.slice(0, members ?? users.length);
      if (!owner) throw new Error('useChat: a group needs at least one user');
      made.groupId = await openGroup(owner, rest, title);
    }
    if (options.direct) {
      if (users.length < 2) throw new Error('useChat: a direct conversation needs two users');
      made.directId = await openDirect(users[0]!, users[1]!);
    }
  });
  afterAll(async () => made.deps?.close());

  return {
    users: users as unknown as UsersOf<U>,
    get deps() {
      return ready('deps');
    },
    get groupId() {
      return ready('groupId');
    },
    get directId() {
      return ready('directId');
    },
  };
}
