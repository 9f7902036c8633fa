import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { ValidationError } from '../domain/errors.js';
import { SqlState, sqlStateOf, type SqlDatabase } from './sql.js';

/** The behaviour every SqlDatabase adapter must show. Called from each adapter's test file. */
export function describeSqlContract(name: string, open: () => Promise<SqlDatabase>): void {
  describe(`SqlDatabase contract: ${name}`, () => {
    let db: SqlDatabase;
    const table = `contract_${randomUUID().replaceAll('-', '').slice(0, 12)}`;

    beforeAll(async () => {
      db = await open();
      await db.query(`CREATE TABLE ${table} (id text PRIMARY KEY, n int NOT NULL DEFAULT 0, doc jsonb, at timestamptz, flag boolean)`);
    });
    afterAll(async () => {
      await db.query(`DROP TABLE IF EXISTS ${table}`);
      await db.close();
    });

    it('binds positional parameters and returns typed rows', async () => {
      const at = new Date('2026-01-02T03:04:05.678Z');
      await db.query(`INSERT INTO ${table} (id, n, doc, at, flag) VALUES ($1, $2, $3, $4, $5)`, ['a', 7, JSON.stringify({ k: [1, 2] }), at, true]);
      const { rows } = await db.query<{ id: string; n: number; doc: unknown; at: Date; flag: boolean }>(
        `SELECT id, n, doc, at, flag FROM ${table} WHERE id = $1`,
        ['a'],
      );
      expect(rows).toEqual([{ id: 'a', n: 7, doc: { k: [1, 2] }, at, flag: true }]);
    });

    it('reports affected rows for writes and returned rows for reads', async () => {
      await db.query(`INSERT INTO ${table} (id) VALUES ('r1'), ('r2')`);
      expect((await db.query(`UPDATE ${table} SET n = n + 1 WHERE id IN ('r1', 'r2')`)).rowCount).toBe(2);
      expect((await db.query(`UPDATE ${table} SET n = 1 WHERE id = 'missing'`)).rowCount).toBe(0);
      expect((await db.query(`SELECT id FROM ${table} WHERE id LIKE 'r%'`)).rowCount).toBe(2);
    });

    it('surfaces unique violations with their SQLSTATE', async () => {
      await db.query(`INSERT INTO ${table} (id) VALUES ('dup')`);
      const error = await db.query(`INSERT INTO ${table} (id) VALUES ('dup')`).catch((e: unknown) => e);
      expect(sqlStateOf(error)).toBe(SqlState.uniqueViolation);
    });

    it('runs multi-statement scripts, inside transactions too', async () => {
      await db.exec(`INSERT INTO ${table} (id) VALUES ('s1'); INSERT INTO ${table} (id) VALUES ('s2');`);
      await db.transaction((tx) => tx.exec(`UPDATE ${table} SET n = 5 WHERE id = 's1'; UPDATE ${table} SET n = 6 WHERE id = 's2';`));
      const { rows } = await db.query<{ n: number }>(`SELECT n FROM ${table} WHERE id IN ('s1', 's2') ORDER BY id`);
      expect(rows.map((r) => r.n)).toEqual([5, 6]);
    });

    it('commits a transaction that resolves', async () => {
      const value = await db.transaction(async (tx) => {
        await tx.query(`INSERT INTO ${table} (id) VALUES ('t1')`);
        return 'done';
      });
      expect(value).toBe('done');
      expect((await db.query(`SELECT id FROM ${table} WHERE id = 't1'`)).rows).toHaveLength(1);
    });

    it('rolls back a transaction that throws and rethrows the error', async () => {
      const failure = new Error('boom');
      await expect(
        db.transaction(async (tx) => {
          await tx.query(`INSERT INTO ${table} (id) VALUES ('t2')`);
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect((await db.query(`SELECT id FROM ${table} WHERE id = 't2'`)).rows).toHaveLength(0);
    });

    it('rolls back when a statement inside the transaction fails', async () => {
      await db.query(`INSERT INTO ${table} (id) VALUES ('t3')`);
      const error = await db
        .transaction(async (tx) => {
          await tx.query(`INSERT INTO ${table} (id) VALUES ('t4')`);
          await tx.query(`INSERT INTO ${table} (id) VALUES ('t3')`);
        })
        .catch((e: unknown) => e);
      expect(sqlStateOf(error)).toBe(SqlState.uniqueViolation);
      expect((await db.query(`SELECT id FROM ${table} WHERE id = 't4'`)).rows).toHaveLength(0);
    });

    it('keeps concurrent read-modify-write transactions from losing updates', async () => {
      await db.query(`INSERT INTO ${table} (id, n) VALUES ('counter', 0)`);
      await Promise.all(
        Array.from({ length: 20 }, () =>
          db.transaction(async (tx) => {
            const { rows } = await tx.query<{ n: number }>(`SELECT n FROM ${table} WHERE id = 'counter' FOR UPDATE`);
            await tx.query(`UPDATE ${table} SET n = $1 WHERE id = 'counter'`, [rows[0]!.n + 1]);
          }),
        ),
      );
      const { rows } = await db.query<{ n: number }>(`SELECT n FROM ${table} WHERE id = 'counter'`);
      expect(rows[0]!.n).toBe(20);
    });

    it('turns a data exception (SQLSTATE 22xxx) into a ValidationError that carries no parameter', async () => {
      const secret = `user data ${randomUUID()}`;
      // Thunks, run one at a time: a rejection created before its turn would be unhandled meanwhile.
      const attempts = [
        () => db.query(`INSERT INTO ${table} (id) VALUES ($1)`, [`${secret}\u0000`]),
        () => db.query(`INSERT INTO ${table} (id, at) VALUES ($1, $2)`, [randomUUID(), '+275760-09-13T00:00:00Z']),
        () => db.query(`SELECT $1::int AS n`, [secret]),
        () => db.transaction((tx) => tx.query(`INSERT INTO ${table} (id) VALUES ($1)`, [`${secret}\u0000`])),
      ];
      for (const attempt of attempts) {
        const error = await attempt().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(ValidationError);
        expect(JSON.stringify(error)).not.toContain(secret);
      }
    });

    it('keeps the SQLSTATE of other errors but drops their parameters', async () => {
      const secret = `user data ${randomUUID()}`;
      await db.query(`INSERT INTO ${table} (id) VALUES ($1)`, [secret]);
      const error = await db.query(`INSERT INTO ${table} (id) VALUES ($1)`, [secret]).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(sqlStateOf(error)).toBe(SqlState.uniqueViolation);
      expect((error as { params?: unknown }).params).toBeUndefined();
    });
  });
}
