import type { Connection } from './connection.js';

/**
 * Which local connections got a presence change already. A node announces a change on each of the
 * user's conversation channels, so a connection sharing several conversations with them hears it
 * several times, within milliseconds; it gets it once. Kept per change for `windowMs` to `2 ×
 * windowMs` (two generations), then dropped, so an idle node holds nothing: a per-connection map of
 * every member's last presence was a tenth of a node's memory per idle connection.
 */
export class PresenceEchoes {
  private current = new Map<string, Set<Connection>>();
  private previous = new Map<string, Set<Connection>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly windowMs = 1_000) {}

  /** True the first time `conn` is offered this change (`userId`, `status`, `at`), false after. */
  firstTime(conn: Connection, userId: string, status: string, at: string): boolean {
    const key = `${userId} ${status} ${at}`;
    let sent = this.current.get(key);
    if (!sent) {
      const old = this.previous.get(key);
      sent = old ?? new Set();
      this.current.set(key, sent);
      this.schedule();
    }
    if (sent.has(conn)) return false;
    sent.add(conn);
    return true;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.previous = this.current;
      this.current = new Map();
      if (this.previous.size > 0) this.schedule();
    }, this.windowMs);
    this.timer.unref();
  }
}
