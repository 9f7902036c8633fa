import type { Device, Platform } from '../domain/auth/device.js';

/** Push registrations. A push token belongs to one (user, device) at a time: registering it elsewhere moves it. */
export interface DeviceStore {
  upsert(input: { userId: string; deviceId: string; platform: Platform; pushToken: string }): Promise<Device>;
  /** Returns whether a registration existed. */
  remove(userId: string, deviceId: string): Promise<boolean>;
  listForUser(userId: string): Promise<Device[]>;
  /** Drops the registration holding this token (the push provider rejected it for good); returns whether one existed. */
  removeByPushToken(pushToken: string): Promise<boolean>;
}
