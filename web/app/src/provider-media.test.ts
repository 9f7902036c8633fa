import { describe, expect, it } from 'vitest';
import { joinProvider, type ArtcSdk, type StreamSdk } from './provider-media.js';

// The SDKs' own modules need their clouds; these stand in for them and record what the adapter
// asked of them (the shapes are the ones the real modules are typechecked against).
function fakeStream() {
  const log: unknown[][] = [];
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
        };
      }
      disconnectUser = async () => void log.push(['disconnectUser']);
    },
  };
  return { sdk, log };
}

function fakeArtc() {
  const log: unknown[][] = [];
  const engine = {
    joinChannel: async (token: string, userName?: string) => void log.push(['joinChannel', token, userName]),
    publishLocalVideoStream: async (on: boolean) => void log.push(['publishVideo', on]),
    publishLocalAudioStream: async (on: boolean) => void log.push(['publishAudio', on]),
    muteLocalMic: (mute?: boolean) => void log.push(['muteMic', mute]),
    muteLocalCamera: async (mute: boolean) => void log.push(['muteCamera', mute]),
    leaveChannel: async () => void log.push(['leaveChannel']),
  };
  const sdk: ArtcSdk = { AliRtcEngine: { getInstance: () => engine } };
  return { sdk, log };
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
    expect(log).toEqual([['microphone', 'disable'], ['camera', 'disable'], ['leave'], ['disconnectUser']]);
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
});
