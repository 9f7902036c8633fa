export type EmailNotifications = 'off' | 'mentions' | 'all';

export interface NotificationSettings {
  emailNotifications: EmailNotifications;
  pushEnabled: boolean;
}

/** A user as the owner sees them (`/v1/me`). */
export interface User extends NotificationSettings {
  id: string;
  username: string;
  email: string;
  displayName: string;
  createdAt: Date;
}

/** A user as anyone else sees them: no e-mail, no settings. */
export interface PublicUser {
  id: string;
  username: string;
  displayName: string;
}

export const USERNAME_PATTERN = /^[A-Za-z0-9_]{3,32}$/;

export function toPublicUser(user: Pick<User, 'id' | 'username' | 'displayName'>): PublicUser {
  return { id: user.id, username: user.username, displayName: user.displayName };
}

export function toOwnUser(user: User) {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    email: user.email,
    emailNotifications: user.emailNotifications,
    pushEnabled: user.pushEnabled,
    createdAt: user.createdAt.toISOString(),
  };
}
