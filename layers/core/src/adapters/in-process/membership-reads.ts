export interface Membership {
  conversationId: string;
  lastSeq: number;
}

type Read = (userIds: string[]) => Promise<Map<string, Membership[]>>;

interface Waiting {
  userId: string;
  resolve(memberships: Membership[]): void;
  reject(error: unknown): void;
}

/**
 * Coalesces concurrent memberships reads into one store read. A burst of gateway connects asked for
 * a user's conversations and their newest seqs one user at a time, two queries each, queueing on
 * the pool; here one read runs at a time and whoever asks meanwhile goes into the next, so an idle
 * node reads at once and a busy one reads many users per query.
 */
export class MembershipReads {
  private waiting: Waiting[] = [];
  private reading = false;

  constructor(
    private readonly read: Read,
    private readonly maxUsers = 500,
  ) {}

  of(userId: string): Promise<Membership[]> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ userId, resolve, reject });
      if (!this.reading) void this.next();
    });
  }

  private async next(): Promise<void> {
    this.reading = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxUsers);
      try {
        const byUser = await this.read([...new Set(batch.map((w) => w.userId))]);
        for (const w of batch) w.resolve(byUser.get(w.userId) ?? []);
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    this.reading = false;
  }
}
