import { describe, expect, it } from 'vitest';
import { signTypeAUrl, typeATimestampFor } from './type-a-url.js';

describe('CDN type-A URL signing', () => {
  it('reproduces the official example', () => {
    expect(
      signTypeAUrl({ domain: 'http://DomainName', path: '/video/standard/test.mp4', key: 'aliyuncdnexp1234', timestamp: 1444435200, rand: '0', uid: '0' }),
    ).toBe('http://DomainName/video/standard/test.mp4?auth_key=1444435200-0-0-23bf85053008f5c0e791667a313e28ce');
  });

  it('defaults to https, uid 0 and a fresh hyphen-less random', () => {
    const a = signTypeAUrl({ domain: 'media.example.com', path: '/media/c/m', key: 'k', timestamp: 1_800_000_000 });
    const b = signTypeAUrl({ domain: 'media.example.com', path: '/media/c/m', key: 'k', timestamp: 1_800_000_000 });
    expect(a).toMatch(/^https:\/\/media\.example\.com\/media\/c\/m\?auth_key=1800000000-[0-9a-f]{32}-0-[0-9a-f]{32}$/);
    expect(a).not.toBe(b);
  });

  it('depends on the path and the key', () => {
    const sign = (path: string, key: string) => signTypeAUrl({ domain: 'd', path, key, timestamp: 1, rand: '0' });
    expect(sign('/a', 'k')).not.toBe(sign('/b', 'k').replace('/b', '/a'));
    expect(sign('/a', 'k')).not.toBe(sign('/a', 'other'));
  });

  it('back-dates the timestamp by the console validity', () => {
    expect(typeATimestampFor(new Date(1_800_000_300_000), 1800)).toBe(1_799_998_500);
  });
});
