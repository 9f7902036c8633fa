import { describe, expect, it } from 'vitest';
import { callFixture, type ArtcFixture } from '../../../../../test/support/call-webhooks.js';
import { artcTime, mapArtcCallback, verifyArtcCallback } from './callback.js';

const app = { appId: 'app-1', callbackSecret: 'callback-secret-0123456789' };
const f = callFixture<ArtcFixture>('artc-group-video', { appId: app.appId, subscribeId: 'sub-1', channel: 'ch-1', alice: 'alice', bob: 'bob', carol: 'carol' });
const body = (o: unknown) => Buffer.from(JSON.stringify(o));
const verify = (o: unknown, secret = app.callbackSecret) =>
  verifyArtcCallback({ secret, body: typeof o === 'string' ? Buffer.from(o) : body(o) }, app, 64 * 1024);
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return 'passed';
};
const T0 = 1796000000;
const at = (offset: number) => new Date((T0 + offset) * 1000);

describe('verifyArtcCallback', () => {
  it('accepts our secret and AppId and keys the delivery by SubscribeId and MsgId, under either spelling', () => {
    const [first, second] = f.deliveries;
    expect(verify(first).dedupeKey).toBe('sub-1:a1000000000000000000000000000001');
    expect(verify(second).dedupeKey).toBe('sub-1:a1000000000000000000000000000002'); // SubscribeID
  });

  it('refuses a wrong secret or another app (401), a body that is not a callback (400)', () => {
    const [first] = f.deliveries;
    expect(codeOf(() => verify(first, 'callback-secret-0123456788'))).toBe('unauthorized');
    expect(codeOf(() => verify(first, ''))).toBe('unauthorized');
    expect(codeOf(() => verify({ ...first, AppId: 'app-2' }))).toBe('unauthorized');
    expect(codeOf(() => verify('{"MsgId":'))).toBe('malformed_json');
    expect(codeOf(() => verify([first]))).toBe('malformed_json');
    const { MsgId: _, ...noId } = first!;
    expect(codeOf(() => verify(noId))).toBe('validation_failed');
    expect(codeOf(() => verifyArtcCallback({ secret: app.callbackSecret, body: Buffer.alloc(2000, 32) }, app, 1000))).toBe('payload_too_large');
  });
});

describe('mapArtcCallback', () => {
  it('maps Join and Leave to joined/left at the event time, on the channel, and skips Publish', () => {
    const events = f.deliveries.map(mapArtcCallback);
    expect(events.map((e) => e?.providerCallId)).toEqual(Array(6).fill('ch-1'));
    expect(events.map((e) => e?.inputs)).toEqual([
      [{ type: 'joined', userId: 'alice', at: at(0) }],
      [{ type: 'joined', userId: 'bob', at: at(5) }],
      [{ type: 'joined', userId: 'carol', at: at(10) }],
      [{ type: 'left', userId: 'carol', at: at(300) }],
      [{ type: 'left', userId: 'bob', at: at(310) }],
      [{ type: 'left', userId: 'alice', at: at(320) }],
    ]);
  });

  it('ignores callbacks with no UserEvent, and refuses user events without their fields', () => {
    const [first] = f.deliveries as [Record<string, unknown>];
    expect(mapArtcCallback({ ...first, Contents: [{ Event: 'ChannelEvent', ChannelEvent: { EventTag: 'Close', Timestamp: T0 } }] })).toBeNull();
    expect(mapArtcCallback({ ...first, Contents: [{ Event: 'UserEvent', UserEvent: { UserId: 'u', EventTag: 'Roleupdate', Timestamp: T0 } }] })).toEqual({
      providerCallId: 'ch-1',
      inputs: [],
    });
    const bad = (content: unknown) => () => mapArtcCallback({ ...first, Contents: [content] });
    expect(bad({ Event: 'UserEvent' })).toThrow(expect.objectContaining({ code: 'validation_failed' }));
    expect(bad({ Event: 'UserEvent', UserEvent: { EventTag: 'Join', Timestamp: T0 } })).toThrow(expect.objectContaining({ code: 'validation_failed' }));
    expect(bad('Join')).toThrow(expect.objectContaining({ code: 'validation_failed' }));
    expect(() => mapArtcCallback({ ...first, ChannelId: undefined })).toThrow(expect.objectContaining({ code: 'validation_failed' }));
    expect(() => mapArtcCallback({ ...first, Contents: {} })).toThrow(expect.objectContaining({ code: 'validation_failed' }));
  });

  it('falls back to the send time, and reads seconds, numeric strings and (unverified) milliseconds', () => {
    const [first] = f.deliveries as [Record<string, unknown>];
    const noTime = { ...first, Contents: [{ Event: 'UserEvent', UserEvent: { UserID: 'dave', EventTag: 'Join' } }] };
    expect(mapArtcCallback(noTime)?.inputs).toEqual([{ type: 'joined', userId: 'dave', at: at(0) }]);
    expect(artcTime(T0)).toEqual(at(0));
    expect(artcTime(String(T0))).toEqual(at(0));
    expect(artcTime(T0 * 1000 + 250)).toEqual(new Date(T0 * 1000 + 250));
    for (const v of [null, 'soon', -1, 0, Number.NaN, {}]) expect(artcTime(v)).toBeNull();
  });
});
