import type { Platform } from '../../domain/auth/device.js';
import { NotFoundError } from '../../domain/errors.js';
import type { AuthDeps } from './auth-deps.js';

export async function registerDevice(deps: Pick<AuthDeps, 'devices'>, input: { userId: string; deviceId: string; platform: Platform; pushToken: string }) {
  const device = await deps.devices.upsert(input);
  return { ...device, updatedAt: device.updatedAt.toISOString() };
}

export async function removeDevice(deps: Pick<AuthDeps, 'devices'>, userId: string, deviceId: string): Promise<void> {
  if (!(await deps.devices.remove(userId, deviceId))) throw new NotFoundError('Device');
}
