import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Clock, IdGenerator } from '../../ports/system.js';

export const systemClock: Clock = { now: () => new Date() };

export const cryptoIds: IdGenerator = {
  id: () => randomUUID(),
  secret: () => randomBytes(32).toString('base64url'),
  digest: (secret) => createHash('sha256').update(secret).digest('base64url'),
};
