export type ConversationType = 'direct' | 'group';
export type Role = 'owner' | 'admin' | 'member';

export interface Member {
  userId: string;
  role: Role;
  joinedAt: Date;
  /** Highest seq this member has read; never moves backwards. */
  readSeq: number;
  muted: boolean;
}

export interface Conversation {
  id: string;
  type: ConversationType;
  title: string | null;
  createdBy: string;
  createdAt: Date;
  /** Seq of the newest message, 0 if none. */
  lastSeq: number;
  lastActivityAt: Date;
  /** Group option: let every member use @all / @here (otherwise admins only). */
  allowMentionAll: boolean;
}

export interface ConversationWithMembers extends Conversation {
  members: Member[];
}

export const MAX_GROUP_MEMBERS = 1_000;
export const MAX_TITLE_LENGTH = 100;

/** Stable key of a direct conversation: the two user ids, sorted. One conversation per pair. */
export function directKey(a: string, b: string): string {
  return a < b ? `${a}:${b}` : `${b}:${a}`;
}

export const canManageMembers = (role: Role | undefined) => role === 'owner' || role === 'admin';

/** Only the owner names admins (and takes the role back); the owner's own role never changes here. */
export const canChangeRole = (actor: Role | undefined, target: Member) => actor === 'owner' && target.role !== 'owner';

/** Owners can remove anyone but themselves; admins can remove members; anyone can leave. */
export function canRemove(actor: Role | undefined, actorId: string, target: Member): boolean {
  if (actorId === target.userId) return target.role !== 'owner';
  if (actor === 'owner') return true;
  return actor === 'admin' && target.role === 'member';
}
