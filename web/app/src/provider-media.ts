import type { CallCredentials } from '@chat/client';

/** Someone else in the call, as the in-call view shows them (the same shape for all three providers). */
export interface RemoteTile {
  /** Stable while they are in: their user id, or the provider's session id (one user may join twice). */
  readonly key: string;
  readonly userId: string;
  /** Plays their media into the view's elements (`video` in video calls only); returns the undo. */
  attach(elements: { video?: HTMLVideoElement; audio: HTMLAudioElement }): () => void;
}

/** A call's media on a provider's cloud (GetStream or ARTC), through its official web SDK. */
export interface ProviderMedia {
  setMuted(muted: boolean): Promise<void>;
  setCameraOff(off: boolean): Promise<void>;
  leave(): Promise<void>;
  /** The others now in the call, in the order they came. */
  remotes(): RemoteTile[];
  /** `listener` runs whenever a tile comes or goes. */
  onRemotesChange(listener: () => void): void;
  /** My camera into `video` (the preview); returns the undo. */
  preview(video: HTMLVideoElement): () => void;
}

// The parts of each SDK used here, so a test can hand in its own module (their network layer
// needs their clouds). The real modules must fit these shapes: the typecheck says so below.
interface StreamDevice {
  enable(): Promise<void>;
  disable(): Promise<void>;
}
interface StreamParticipantLike {
  sessionId: string;
  userId: string;
}
interface StreamCallLike {
  join(options?: { create?: boolean }): Promise<unknown>;
  leave(): Promise<void>;
  microphone: StreamDevice;
  camera: StreamDevice;
  state: {
    remoteParticipants$: { subscribe(next: (participants: StreamParticipantLike[]) => void): { unsubscribe(): void } };
    localParticipant: StreamParticipantLike | undefined;
  };
  bindVideoElement(video: HTMLVideoElement, sessionId: string, trackType: 'videoTrack'): (() => void) | undefined;
  bindAudioElement(audio: HTMLAudioElement, sessionId: string): (() => void) | undefined;
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
  setLocalViewConfig(view: HTMLVideoElement | null, track: number): Promise<void> | void;
  setRemoteViewConfig(view: HTMLVideoElement | null, uid: string, track: number): void;
  on(event: 'remoteUserOnLineNotify', listener: (uid: string, elapsed: number) => void): unknown;
  on(event: 'remoteUserOffLineNotify', listener: (uid: string, reason: number) => void): unknown;
  on(event: 'videoSubscribeStateChanged', listener: (uid: string, oldState: number, newState: number, elapsed: number, channel: string) => void): unknown;
}
export interface ArtcSdk {
  AliRtcEngine: {
    getInstance(): ArtcEngineLike;
    AliRtcVideoTrack: { AliRtcVideoTrackCamera: number };
    AliRtcSubscribeState: { AliRtcStateSubscribed: number };
  };
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

/** The others' tiles by key, and whom to tell when they change. */
function tileSet() {
  const tiles = new Map<string, RemoteTile>();
  const listeners: (() => void)[] = [];
  return {
    tiles,
    changed: () => listeners.forEach((l) => l()),
    remotes: () => [...tiles.values()],
    onRemotesChange: (listener: () => void) => void listeners.push(listener),
  };
}

/** Joins the provider's call with the credentials `POST /v1/calls` (or `/join`) returned. */
export async function joinProvider(credentials: Provided, kind: 'audio' | 'video', loaders: SdkLoaders = sdkLoaders): Promise<ProviderMedia> {
  const set = tileSet();
  if (credentials.provider === 'getstream') {
    const { StreamVideoClient } = await loaders.stream();
    const client = new StreamVideoClient({ apiKey: credentials.apiKey, user: { id: credentials.userId }, token: credentials.token });
    const call = client.call(credentials.callType, credentials.callId);
    // The SDK subscribes to a participant's video only while an element is bound to it (it sizes the
    // subscription to the element), and plays their audio only through a bound <audio>: hence tiles.
    const subscription = call.state.remoteParticipants$.subscribe((participants) => {
      const now = new Set(participants.map((p) => p.sessionId));
      let changed = false;
      for (const key of [...set.tiles.keys()]) if (!now.has(key)) changed = set.tiles.delete(key);
      for (const { sessionId, userId } of participants) {
        if (set.tiles.has(sessionId)) continue;
        changed = true;
        set.tiles.set(sessionId, {
          key: sessionId,
          userId,
          attach: ({ video, audio }) => {
            const undo = [video && call.bindVideoElement(video, sessionId, 'videoTrack'), call.bindAudioElement(audio, sessionId)];
            return () => undo.forEach((u) => u?.());
          },
        });
      }
      if (changed) set.changed();
    });
    // The server created the call: join, do not create.
    await call.join({ create: false });
    await call.microphone.enable();
    if (kind === 'video') await call.camera.enable();
    return {
      setMuted: (muted) => (muted ? call.microphone.disable() : call.microphone.enable()),
      setCameraOff: (off) => (off ? call.camera.disable() : call.camera.enable()),
      leave: async () => {
        subscription.unsubscribe();
        set.tiles.clear();
        set.changed();
        await call.leave();
        await client.disconnectUser();
      },
      remotes: set.remotes,
      onRemotesChange: set.onRemotesChange,
      preview: (video) => {
        const me = call.state.localParticipant;
        return (me && call.bindVideoElement(video, me.sessionId, 'videoTrack')) ?? (() => undefined);
      },
    };
  }
  const { AliRtcEngine } = await loaders.artc();
  const camera = AliRtcEngine.AliRtcVideoTrack.AliRtcVideoTrackCamera;
  const engine = AliRtcEngine.getInstance();
  // By default the engine subscribes to everyone's audio and video on joining and plays their audio
  // itself (no element of ours); their video needs a view per user, set when the view attaches.
  const views = new Map<string, HTMLVideoElement>();
  engine.on('remoteUserOnLineNotify', (uid) => {
    set.tiles.set(uid, {
      key: uid,
      userId: uid,
      attach: ({ video }) => {
        if (!video) return () => undefined;
        views.set(uid, video);
        engine.setRemoteViewConfig(video, uid, camera);
        return () => {
          views.delete(uid);
          engine.setRemoteViewConfig(null, uid, camera);
        };
      },
    });
    set.changed();
  });
  engine.on('remoteUserOffLineNotify', (uid) => {
    if (set.tiles.delete(uid)) set.changed();
  });
  // A view set before their video was subscribed is set again once it is (as the SDK's samples do).
  engine.on('videoSubscribeStateChanged', (uid, _old, state) => {
    const view = views.get(uid);
    if (view && state === AliRtcEngine.AliRtcSubscribeState.AliRtcStateSubscribed) engine.setRemoteViewConfig(view, uid, camera);
  });
  // The single-parameter token (appId, channel, user, nonce, timestamp and signature in one).
  await engine.publishLocalVideoStream(kind === 'video');
  await engine.publishLocalAudioStream(true);
  await engine.joinChannel(credentials.joinToken, credentials.userId);
  return {
    setMuted: async (muted) => engine.muteLocalMic(muted),
    setCameraOff: async (off) => void (await engine.muteLocalCamera(off)),
    leave: async () => {
      set.tiles.clear();
      set.changed();
      await engine.leaveChannel();
    },
    remotes: set.remotes,
    onRemotesChange: set.onRemotesChange,
    preview: (video) => {
      void engine.setLocalViewConfig(video, camera);
      return () => void engine.setLocalViewConfig(null, camera);
    },
  };
}
