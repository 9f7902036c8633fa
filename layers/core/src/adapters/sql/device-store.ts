import type { Device, Platform } from '../../domain/auth/device.js';
import type { DeviceStore } from '../../ports/device-store.js';
import { SqlState, sqlStateOf, type SqlDatabase } from '../../ports/sql.js';

interface DeviceRow {
  device_id: string;
  platform: Platform;
  push_token: string;
  updated_at: Date;
}

const toDevice = (r: DeviceRow): Device => ({ deviceId: r.device_id, platform: r.platform, pushToken: r.push_token, updatedAt: new Date(r.updated_at) });

export class SqlDeviceStore implements DeviceStore {
  constructor(private readonly db: SqlDatabase) {}

  async upsert(input: { userId: string; deviceId: string; platform: Platform; pushToken: string }): Promise<Device> {
    // Two devices registering one token at once both find nothing to move away, and the second
    // insert then hits the token's unique index; trying again moves the token from the first.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.register(input);
      } catch (error) {
        if (sqlStateOf(error) !== SqlState.uniqueViolation || attempt >= 5) throw error;
      }
    }
  }

  private register(input: { userId: string; deviceId: string; platform: Platform; pushToken: string }): Promise<Device> {
    return this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM devices WHERE push_token = $1 AND NOT (user_id = $2 AND device_id = $3)', [input.pushToken, input.userId, input.deviceId]);
      const { rows } = await tx.query<DeviceRow>(
        `INSERT INTO devices (user_id, device_id, platform, push_token) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id, device_id) DO UPDATE SET platform = EXCLUDED.platform, push_token = EXCLUDED.push_token, updated_at = now()
         RETURNING device_id, platform, push_token, updated_at`,
        [input.userId, input.deviceId, input.platform, input.pushToken],
      );
      return toDevice(rows[0]!);
    });
  }

  async remove(userId: string, deviceId: string): Promise<boolean> {
    return (await this.db.query('DELETE FROM devices WHERE user_id = $1 AND device_id = $2', [userId, deviceId])).rowCount > 0;
  }

  async removeByPushToken(pushToken: string): Promise<boolean> {
    return (await this.db.query('DELETE FROM devices WHERE push_token = $1', [pushToken])).rowCount > 0;
  }

  async listForUser(userId: string): Promise<Device[]> {
    const { rows } = await this.db.query<DeviceRow>('SELECT device_id, platform, push_token, updated_at FROM devices WHERE user_id = $1 ORDER BY device_id', [
      userId,
    ]);
    return rows.map(toDevice);
  }
}
