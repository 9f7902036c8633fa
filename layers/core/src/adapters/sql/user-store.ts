import { ConflictError, type ErrorDetail } from '../../domain/errors.js';
import type { PublicUser, User } from '../../domain/auth/user.js';
import { constraintOf, SqlState, sqlStateOf, type SqlDatabase } from '../../ports/sql.js';
import type { NewUser, ProfilePatch, UserStore } from '../../ports/user-store.js';

interface UserRow {
  id: string;
  username: string;
  email: string;
  display_name: string;
  email_notifications: User['emailNotifications'];
  push_enabled: boolean;
  dnd_start: string | null;
  dnd_end: string | null;
  dnd_time_zone: string | null;
  dnd_allows_direct_calls: boolean;
  created_at: Date;
  password_hash?: string;
}

const COLUMNS = 'id, username, email, display_name, email_notifications, push_enabled, dnd_start, dnd_end, dnd_time_zone, dnd_allows_direct_calls, created_at';

const toUser = (r: UserRow): User => ({
  id: r.id,
  username: r.username,
  email: r.email,
  displayName: r.display_name,
  emailNotifications: r.email_notifications,
  pushEnabled: r.push_enabled,
  doNotDisturb: r.dnd_start && r.dnd_end && r.dnd_time_zone ? { start: r.dnd_start, end: r.dnd_end, timeZone: r.dnd_time_zone } : null,
  directCallsThroughDnd: r.dnd_allows_direct_calls,
  createdAt: new Date(r.created_at),
});

export class SqlUserStore implements UserStore {
  constructor(private readonly db: SqlDatabase) {}

  async create(user: NewUser): Promise<User> {
    try {
      const { rows } = await this.db.query<UserRow>(
        `INSERT INTO users (id, username, email, display_name, password_hash) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
        [user.id, user.username, user.email, user.displayName, user.passwordHash],
      );
      return toUser(rows[0]!);
    } catch (error) {
      if (sqlStateOf(error) !== SqlState.uniqueViolation) throw error;
      throw new ConflictError('That username or e-mail is already taken', await this.clashes(user, error));
    }
  }

  // The violated constraint names one clash; look both up so the client learns every one at once.
  private async clashes(user: NewUser, error: unknown): Promise<ErrorDetail[]> {
    const { rows } = await this.db.query<{ username: boolean; email: boolean }>(
      'SELECT bool_or(lower(username) = lower($1)) AS username, bool_or(lower(email) = lower($2)) AS email FROM users WHERE lower(username) = lower($1) OR lower(email) = lower($2)',
      [user.username, user.email],
    );
    const details: ErrorDetail[] = [];
    if (rows[0]?.username || constraintOf(error) === 'users_username_lower_key') details.push({ field: 'username', issue: 'is already taken' });
    if (rows[0]?.email) details.push({ field: 'email', issue: 'is already registered' });
    return details;
  }

  async findById(id: string): Promise<User | undefined> {
    const { rows } = await this.db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
    return rows[0] && toUser(rows[0]);
  }

  async findCredentials(login: string): Promise<{ user: User; passwordHash: string } | undefined> {
    const { rows } = await this.db.query<UserRow>(
      `SELECT ${COLUMNS}, password_hash FROM users WHERE lower(username) = lower($1) OR lower(email) = lower($1) LIMIT 1`,
      [login],
    );
    const row = rows[0];
    return row ? { user: toUser(row), passwordHash: row.password_hash! } : undefined;
  }

  async searchByUsernamePrefix(prefix: string, limit: number): Promise<PublicUser[]> {
    const pattern = prefix.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
    const { rows } = await this.db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE lower(username) LIKE $1 ORDER BY lower(username) LIMIT $2`, [
      pattern,
      limit,
    ]);
    return rows.map((r) => ({ id: r.id, username: r.username, displayName: r.display_name }));
  }

  async update(id: string, patch: ProfilePatch): Promise<User | undefined> {
    // For do-not-disturb null means "clear", so $5 says whether the patch touches it at all.
    const dnd = patch.doNotDisturb;
    const { rows } = await this.db.query<UserRow>(
      `UPDATE users SET
         display_name = COALESCE($2, display_name),
         email_notifications = COALESCE($3, email_notifications),
         push_enabled = COALESCE($4, push_enabled),
         dnd_start = CASE WHEN $5::boolean THEN $6 ELSE dnd_start END,
         dnd_end = CASE WHEN $5::boolean THEN $7 ELSE dnd_end END,
         dnd_time_zone = CASE WHEN $5::boolean THEN $8 ELSE dnd_time_zone END,
         dnd_allows_direct_calls = COALESCE($9, dnd_allows_direct_calls),
         updated_at = now()
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [
        id,
        patch.displayName ?? null,
        patch.emailNotifications ?? null,
        patch.pushEnabled ?? null,
        dnd !== undefined,
        dnd?.start ?? null,
        dnd?.end ?? null,
        dnd?.timeZone ?? null,
        patch.directCallsThroughDnd ?? null,
      ],
    );
    return rows[0] && toUser(rows[0]);
  }
}
