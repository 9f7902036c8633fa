import type { NotificationSettings, PublicUser, User } from '../domain/auth/user.js';

export interface NewUser {
  id: string;
  username: string;
  email: string;
  displayName: string;
  passwordHash: string;
}

export type ProfilePatch = Partial<NotificationSettings & { displayName: string }>;

/**
 * Users and their credentials. Usernames and e-mails are unique case-insensitively: `create`
 * throws ConflictError naming the clashing field(s) instead of inserting a second one.
 */
export interface UserStore {
  create(user: NewUser): Promise<User>;
  findById(id: string): Promise<User | undefined>;
  /** Looks up by username or e-mail, case-insensitively; returns the password hash for verification. */
  findCredentials(login: string): Promise<{ user: User; passwordHash: string } | undefined>;
  /** Users whose username starts with `prefix` (case-insensitive), in username order. */
  searchByUsernamePrefix(prefix: string, limit: number): Promise<PublicUser[]>;
  update(id: string, patch: ProfilePatch): Promise<User | undefined>;
}
