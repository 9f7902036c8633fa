import { MongoClient, type Collection, type Document, type MongoClientOptions } from 'mongodb';

// Bounded waits: a connect or a request the server never answers (one sent as it went down)
// fails as dependency_unavailable instead of holding its conversation's append queue.
const OPTIONS: MongoClientOptions = {
  serverSelectionTimeoutMS: 10_000,
  connectTimeoutMS: 5_000,
  socketTimeoutMS: 15_000,
  serverMonitoringMode: 'poll',
  heartbeatFrequencyMS: 2_000,
};

/**
 * These defaults, but an option the connection string sets itself wins: the driver would let the
 * options object override the string, and an operator tuning `MONGODB_URL` expects the opposite.
 * Option names in a connection string are case-insensitive.
 */
export function clientOptions(url: string): MongoClientOptions {
  const query = url.split('?')[1]?.split('#')[0] ?? '';
  const inUrl = new Set([...new URLSearchParams(query).keys()].map((name) => name.toLowerCase()));
  return Object.fromEntries(Object.entries(OPTIONS).filter(([name]) => !inUrl.has(name.toLowerCase())));
}

/**
 * A MongoClient that is replaced when it stops finding the server. After a FerretDB restart the
 * driver sometimes never selects the server again (every operation fails server selection, with
 * streaming or polling monitors alike, until the client is closed; docs/operations.md), while a
 * new client connects at once. So the first server-selection failure starts a replacement in the
 * background; the failed operation still fails (dependency_unavailable) and its retry uses the new
 * client. A replacement that cannot connect yet is retried on the next such failure.
 */
/** Longer than any operation can take with the defaults (selection 10 s + socket 15 s). */
const RETIRE_AFTER_MS = 30_000;

export class MongoConnection {
  private replacing: Promise<void> | undefined;
  private readonly retiring = new Set<MongoClient>();
  /** How many times the client was replaced (for tests and logs). */
  replacements = 0;

  private constructor(
    private readonly url: string,
    private readonly dbName: string | undefined,
    private client: MongoClient,
  ) {}

  static async open(url: string, dbName?: string): Promise<MongoConnection> {
    return new MongoConnection(url, dbName, await new MongoClient(url, clientOptions(url)).connect());
  }

  /** The collection on the current client: look it up per operation, never keep it. */
  collection<T extends Document>(name: string): Collection<T> {
    return this.client.db(this.dbName).collection<T>(name);
  }

  /** Every driver error of an operation comes here first. */
  notice(error: unknown): void {
    if (error instanceof Error && error.name === 'MongoServerSelectionError' && !this.replacing) {
      this.replacing = this.replace().finally(() => (this.replacing = undefined));
    }
  }

  private async replace(): Promise<void> {
    const fresh = new MongoClient(this.url, clientOptions(this.url));
    try {
      await fresh.connect();
    } catch {
      await fresh.close(true).catch(() => undefined);
      return;
    }
    const stale = this.client;
    this.client = fresh;
    this.replacements += 1;
    // Operations already running on the old client finish or time out there (a slow server, not a
    // lost one, also fails selection now and then); it is closed once they cannot be running any more.
    this.retiring.add(stale);
    setTimeout(() => void this.retire(stale), RETIRE_AFTER_MS).unref();
  }

  private async retire(client: MongoClient): Promise<void> {
    if (!this.retiring.delete(client)) return;
    await client.close().catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.replacing;
    await Promise.all([...this.retiring].map((c) => this.retire(c)));
    await this.client.close();
  }
}
