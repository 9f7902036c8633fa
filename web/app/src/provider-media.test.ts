import { describe, expect, it } from 'vitest';
import { joinProvider, type ArtcSdk, type StreamSdk } from './provider-media.js';

// The SDKs' own modules need their clouds; these stand in for them and record what the adapter
// asked of them (the shapes are the ones the real modules are typechecked against).
/** What an element stands in for in the tests (the SDKs only hand them on). */
const element = <T>(name: string) => ({ name }) as unknown as T;

function fakeStream() {
  const log: unknown[][] = [];
  let emitRemotes: (participants: { sessionId: string; userId: string }[]) => void = () => undefined;
  const unbind = (what: string, sessionId: string) => () => void log.push(['unbind', what, sessionId]);
  const device = (name: string) => ({
    enable: async () => void log.push([name, 'enable']),
    disable: async () => void log.push([name, 'disable']),
  });
  const sdk: StreamSdk = {
    StreamVideoClient: class {
      constructor(options: unknown) {
        log.push(['client', options]);
      }
      call(type: string, id: string) {
        log.push(['call', type, id]);
        return {
          join: async (options?: unknown) => void log.push(['join', options]),
          leave: async () => void log.push(['leave']),
          microphone: device('microphone'),
          camera: device('camera'),
          state: {
            remoteParticipants$: {
              subscribe: (next: typeof emitRemotes) => {
                emitRemotes = next;
                return { unsubscribe: () => void log.push(['unsubscribe']) };
              },
            },
            localParticipant: { sessionId: 's-me', userId: 'u-1' },
          },
          bindVideoElement: (el: HTMLVideoElement, sessionId: string, trackType: 'videoTrack') => {
            log.push(['bindVideo', el, sessionId, trackType]);
            return unbind('video', sessionId);
          },
          bindAudioElement: (el: HTMLAudioElement, sessionId: string) => {
            log.push(['bindAudio', el, sessionId]);
            return unbind('audio', sessionId);
          },
        };
      }
      disconnectUser = async () => void log.push(['disconnectUser']);
    },
  };
  return { sdk, log, remotes: (ps: { sessionId: string; userId: string }[]) => emitRemotes(ps) };
}

function fakeArtc() {
  const log: unknown[][] = [];
  const listeners = new Map<string, (...args: unknown[]) => void>();
  const engine = {
    joinChannel: async (token: string, userName?: string) => void log.push(['joinChannel', token, userName]),
    publishLocalVideoStream: async (on: boolean) => void log.push(['publishVideo', on]),
    publishLocalAudioStream: async (on: boolean) => void log.push(['publishAudio', on]),
    muteLocalMic: (mute?: boolean) => void log.push(['muteMic', mute]),
    muteLocalCamera: async (mute: boolean) => void log.push(['muteCamera', mute]),
    leaveChannel: async () => void log.push(['leaveChannel']),
    setLocalViewConfig: (view: HTMLVideoElement | null, track: number) => void log.push(['localView', view, track]),
    setRemoteViewConfig: (view: HTMLVideoElement | null, uid: string, track: number) => void log.push(['remoteView', view, uid, track]),
    on: (event: string, listener: (...args: never[]) => void) => listeners.set(event, listener as (...args: unknown[]) => void),
  };
  const sdk: ArtcSdk = {
    AliRtcEngine: { getInstance: () => engine, AliRtcVideoTrack: { AliRtcVideoTrackCamera: 1 }, AliRtcSubscribeState: { AliRtcStateSubscribed: 3 } },
  };
  const emit = (event: string, ...args: unknown[]) => listeners.get(event)?.(...args);
  return { sdk, log, emit };
}

const never = () => Promise.reject(new Error('not this SDK'));

describe('provider media (the official web SDKs with the credentials the call API returns)', () => {
  it('GetStream: a client with the API key, user and token; joins the server-made call; mic and camera follow the toggles', async () => {
    const { sdk, log } = fakeStream();
    const media = await joinProvider(
      { provider: 'getstream', apiKey: 'key-1', token: 'tok-1', userId: 'u-1', callType: 'default', callId: 'call-1', expiresAt: '2026-12-03T20:00:00Z' },
      'video',
      { stream: async () => sdk, artc: never },
    );
    expect(log).toEqual([
      ['client', { apiKey: 'key-1', user: { id: 'u-1' }, token: 'tok-1' }],
      ['call', 'default', 'call-1'],
      ['join', { create: false }],
      ['microphone', 'enable'],
      ['camera', 'enable'],
    ]);
    log.length = 0;
    await media.setMuted(true);
    await media.setCameraOff(true);
    await media.leave();
    expect(log).toEqual([['microphone', 'disable'], ['camera', 'disable'], ['unsubscribe'], ['leave'], ['disconnectUser']]);
  });

  it('GetStream audio call: the camera stays off', async () => {
    const { sdk, log } = fakeStream();
    await joinProvider({ provider: 'getstream', apiKey: 'k', token: 't', userId: 'u', callType: 'audio_room', callId: 'c', expiresAt: '' }, 'audio', {
      stream: async () => sdk,
      artc: never,
    });
    expect(log.filter((e) => e[0] === 'camera')).toEqual([]);
  });

  it('ARTC: joins the channel with the single-parameter token, publishing video only for a video call', async () => {
    const { sdk, log } = fakeArtc();
    const media = await joinProvider(
      { provider: 'artc', appId: 'app-1', channelId: 'ch-1', userId: 'u-2', timestamp: 1_800_000_000, nonce: 'n', token: 'sig', joinToken: 'base64-token' },
      'audio',
      { stream: never, artc: async () => sdk },
    );
    expect(log).toEqual([
      ['publishVideo', false],
      ['publishAudio', true],
      ['joinChannel', 'base64-token', 'u-2'],
    ]);
    log.length = 0;
    await media.setMuted(true);
    await media.setCameraOff(false);
    await media.leave();
    expect(log).toEqual([['muteMic', true], ['muteCamera', false], ['leaveChannel']]);
  });

  it('GetStream: a tile per remote participant; its elements are bound to their session; gone when they leave, unbound by the undo', async () => {
    const { sdk, log, remotes } = fakeStream();
    const media = await joinProvider(
      { provider: 'getstream', apiKey: 'k', token: 't', userId: 'u-1', callType: 'default', callId: 'c', expiresAt: '' },
      'video',
      {
        stream: async () => sdk,
        artc: never,
      },
    );
    let changes = 0;
    media.onRemotesChange(() => changes++);
    expect(media.remotes()).toEqual([]);
    remotes([{ sessionId: 's-2', userId: 'u-2' }]);
    expect(changes).toBe(1);
    const [tile] = media.remotes();
    expect(tile).toMatchObject({ key: 's-2', userId: 'u-2' });
    log.length = 0;
    const video = element<HTMLVideoElement>('video');
    const audio = element<HTMLAudioElement>('audio');
    const undo = tile!.attach({ video, audio });
    expect(log).toEqual([
      ['bindVideo', video, 's-2', 'videoTrack'],
      ['bindAudio', audio, 's-2'],
    ]);
    // The same people again: no change; someone new: one more tile, the first one kept as it was.
    remotes([{ sessionId: 's-2', userId: 'u-2' }]);
    remotes([
      { sessionId: 's-2', userId: 'u-2' },
      { sessionId: 's-3', userId: 'u-3' },
    ]);
    expect(changes).toBe(2);
    expect(media.remotes().map((t) => t.key)).toEqual(['s-2', 's-3']);
    expect(media.remotes()[0]).toBe(tile);
    remotes([{ sessionId: 's-3', userId: 'u-3' }]);
    expect(changes).toBe(3);
    expect(media.remotes().map((t) => t.key)).toEqual(['s-3']);
    log.length = 0;
    undo();
    expect(log).toEqual([
      ['unbind', 'video', 's-2'],
      ['unbind', 'audio', 's-2'],
    ]);
    // An audio call's tile has no video element: audio only. My preview is my own session's video.
    log.length = 0;
    media.remotes()[0]!.attach({ audio });
    media.preview(video);
    expect(log).toEqual([
      ['bindAudio', audio, 's-3'],
      ['bindVideo', video, 's-me', 'videoTrack'],
    ]);
    await media.leave();
    expect(media.remotes()).toEqual([]);
  });

  it('ARTC: a tile per remote user online; its video element is their remote view (set again once subscribed); gone when they go offline', async () => {
    const { sdk, log, emit } = fakeArtc();
    const media = await joinProvider(
      { provider: 'artc', appId: 'a', channelId: 'ch', userId: 'u-1', timestamp: 1, nonce: 'n', token: 's', joinToken: 'jt' },
      'video',
      { stream: never, artc: async () => sdk },
    );
    let changes = 0;
    media.onRemotesChange(() => changes++);
    emit('remoteUserOnLineNotify', 'u-3', 10);
    expect(changes).toBe(1);
    const [tile] = media.remotes();
    expect(tile).toMatchObject({ key: 'u-3', userId: 'u-3' });
    log.length = 0;
    const video = element<HTMLVideoElement>('video');
    const undo = tile!.attach({ video, audio: element<HTMLAudioElement>('audio') });
    emit('videoSubscribeStateChanged', 'u-3', 2, 3, 5, 'ch');
    emit('videoSubscribeStateChanged', 'u-3', 3, 1, 5, 'ch');
    expect(log).toEqual([
      ['remoteView', video, 'u-3', 1],
      ['remoteView', video, 'u-3', 1],
    ]);
    emit('remoteUserOffLineNotify', 'u-3', 0);
    expect(changes).toBe(2);
    expect(media.remotes()).toEqual([]);
    log.length = 0;
    undo();
    media.preview(video)();
    expect(log).toEqual([
      ['remoteView', null, 'u-3', 1],
      ['localView', video, 1],
      ['localView', null, 1],
    ]);
  });
});
