import { describe, expect, it } from 'vitest';
import { clientOptions } from './connection.js';

describe('clientOptions', () => {
  it('bounds every wait by default', () => {
    expect(clientOptions('mongodb://127.0.0.1:27017/chat')).toMatchObject({
      serverSelectionTimeoutMS: 10_000,
      connectTimeoutMS: 5_000,
      socketTimeoutMS: 15_000,
    });
  });

  it('leaves an option the connection string sets to the string, whatever its case, and keeps the others', () => {
    const options = clientOptions('mongodb://a:27017,b:27018/chat?replicaSet=rs0&SERVERSELECTIONTIMEOUTMS=2000#x');
    expect(options).not.toHaveProperty('serverSelectionTimeoutMS');
    expect(options).toMatchObject({ connectTimeoutMS: 5_000, socketTimeoutMS: 15_000, heartbeatFrequencyMS: 2_000 });
  });
});
