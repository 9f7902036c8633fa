export type EmailNotifications = 'off' | 'mentions' | 'all';

/** Quiet hours: no push notification between `start` and `end` (HH:MM, wall clock in `timeZone`). */
export interface DoNotDisturb {
  start: string;
  end: string;
  /** IANA name, e.g. Europe/Berlin. */
  timeZone: string;
}

export interface NotificationSettings {
  emailNotifications: EmailNotifications;
  pushEnabled: boolean;
  /** null: no quiet hours. */
  doNotDisturb: DoNotDisturb | null;
  /** Direct (1:1) calls still ring during do-not-disturb; off by default. */
  directCallsThroughDnd: boolean;
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
    doNotDisturb: user.doNotDisturb,
    directCallsThroughDnd: user.directCallsThroughDnd,
    createdAt: user.createdAt.toISOString(),
  };
}
