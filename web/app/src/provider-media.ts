import type { CallCredentials } from '@chat/client';

/** A call's media on a provider's cloud (GetStream or ARTC), through its official web SDK. */
export interface ProviderMedia {
  setMuted(muted: boolean): Promise<void>;
  setCameraOff(off: boolean): Promise<void>;
  leave(): Promise<void>;
}

// The parts of each SDK used here, so a test can hand in its own module (their network layer
// needs their clouds). The real modules must fit these shapes: the typecheck says so below.
interface StreamDevice {
  enable(): Promise<void>;
  disable(): Promise<void>;
}
interface StreamCallLike {
  join(options?: { create?: boolean }): Promise<unknown>;
  leave(): Promise<void>;
  microphone: StreamDevice;
  camera: StreamDevice;
}
export interface StreamSdk {
  StreamVideoClient: new (options: { apiKey: string; user: { id: string }; token: string }) => {
    call(type: string, id: string): StreamCallLike;
    disconnectUser(): Promise<void>;
  };
}
interface ArtcEngineLike {
  joinChannel(token: string, userName?: string): Promise<void>;
  publishLocalVideoStream(enabled: boolean): Promise<void>;
  publishLocalAudioStream(enabled: boolean): Promise<void>;
  muteLocalMic(mute?: boolean): void;
  muteLocalCamera(mute: boolean): Promise<void> | void;
  leaveChannel(): Promise<void>;
}
export interface ArtcSdk {
  AliRtcEngine: { getInstance(): ArtcEngineLike };
}

/** Loaded on first use only (dynamic imports: their own chunks, out of the main bundle). */
export interface SdkLoaders {
  stream: () => Promise<StreamSdk>;
  artc: () => Promise<ArtcSdk>;
}
export const sdkLoaders: SdkLoaders = {
  stream: () => import('@stream-io/video-client'),
  artc: () => import('aliyun-rtc-sdk'),
};

type Provided = Exclude<CallCredentials, { provider: 'local' }>;

/** Joins the provider's call with the credentials `POST /v1/calls` (or `/join`) returned. */
export async function joinProvider(credentials: Provided, kind: 'audio' | 'video', loaders: SdkLoaders = sdkLoaders): Promise<ProviderMedia> {
  if (credentials.provider === 'getstream') {
    const { StreamVideoClient } = await loaders.stream();
    const client = new StreamVideoClient({ apiKey: credentials.apiKey, user: { id: credentials.userId }, token: credentials.token });
    const call = client.call(credentials.callType, credentials.callId);
    // The server created the call: join, do not create.
    await call.join({ create: false });
    await call.microphone.enable();
    if (kind === 'video') await call.camera.enable();
    return {
      setMuted: (muted) => (muted ? call.microphone.disable() : call.microphone.enable()),
      setCameraOff: (off) => (off ? call.camera.disable() : call.camera.enable()),
      leave: async () => {
        await call.leave();
        await client.disconnectUser();
      },
    };
  }
  const { AliRtcEngine } = await loaders.artc();
  const engine = AliRtcEngine.getInstance();
  // The single-parameter token (appId, channel, user, nonce, timestamp and signature in one).
  await engine.publishLocalVideoStream(kind === 'video');
  await engine.publishLocalAudioStream(true);
  await engine.joinChannel(credentials.joinToken, credentials.userId);
  return {
    setMuted: async (muted) => engine.muteLocalMic(muted),
    setCameraOff: async (off) => void (await engine.muteLocalCamera(off)),
    leave: () => engine.leaveChannel(),
  };
}
