import type { ConversationWithMembers } from '../chat/conversation.js';

/** What a message's text asks for: `@username`s (lower-cased, deduplicated) and the group keywords. */
export interface ParsedMentions {
  usernames: string[];
  all: boolean;
  here: boolean;
}

/**
 * `@name` where name follows the username rule ([A-Za-z0-9_]{3,32}) and is a whole token: not
 * preceded by a character that would make it part of an e-mail address, a URL or another word
 * (`a@b.com`, `x.com/@bob`, `@@bob`), and not followed by more name characters (a 33-character
 * name is no mention of its 32-character prefix).
 */
const MENTION = /(?<![\p{L}\p{N}_.+\-@/=:])@([A-Za-z0-9_]{3,32})(?![A-Za-z0-9_])/gu;

/** `@all` and `@here` are keywords wherever they appear; a user named "all" or "here" is not mentioned by them. */
export const KEYWORDS = new Set(['all', 'here']);

export function parseMentions(text: string | null | undefined): ParsedMentions {
  const usernames = new Set<string>();
  let all = false;
  let here = false;
  for (const match of (text ?? '').matchAll(MENTION)) {
    const name = match[1]!.toLowerCase();
    if (name === 'all') all = true;
    else if (name === 'here') here = true;
    else usernames.add(name);
  }
  return { usernames: [...usernames], all, here };
}

export function hasMentions(parsed: ParsedMentions): boolean {
  return parsed.all || parsed.here || parsed.usernames.length > 0;
}

export interface MentionContext {
  conversation: Pick<ConversationWithMembers, 'type' | 'allowMentionAll' | 'members'>;
  senderId: string;
  /** Members whose (lower-cased) username the text named: lower-cased username → user id. */
  byUsername: ReadonlyMap<string, string>;
  /**
   * The members with a live connection, for `@here`; undefined when presence cannot be asked, in
   * which case `@here` reaches every member like `@all`.
   */
  online: ReadonlySet<string> | undefined;
}

/** `@all` / `@here` work in groups only, for owners and admins, or for everyone when the group allows it. */
export function mayMentionEveryone(ctx: Pick<MentionContext, 'conversation' | 'senderId'>): boolean {
  const { conversation, senderId } = ctx;
  if (conversation.type !== 'group') return false;
  if (conversation.allowMentionAll) return true;
  const role = conversation.members.find((m) => m.userId === senderId)?.role;
  return role === 'owner' || role === 'admin';
}

/**
 * The user ids a message mentions, sorted: named members, plus everyone (`@all`) or everyone
 * online (`@here`) where allowed. Only current members are ever mentioned, and never the sender.
 */
export function resolveMentions(parsed: ParsedMentions, ctx: MentionContext): string[] {
  const members = new Set(ctx.conversation.members.map((m) => m.userId));
  const mentioned = new Set<string>();
  for (const name of parsed.usernames) {
    const id = ctx.byUsername.get(name);
    if (id !== undefined) mentioned.add(id);
  }
  if ((parsed.all || parsed.here) && mayMentionEveryone(ctx)) {
    for (const id of members) if (parsed.all || !ctx.online || ctx.online.has(id)) mentioned.add(id);
  }
  mentioned.delete(ctx.senderId);
  return [...mentioned].filter((id) => members.has(id)).sort();
}
