import { Emitter, type CallView, type ChatClient } from '@chat/client';
import type { ProviderMedia, RemoteTile } from './provider-media.js';

interface CallEvents extends Record<string, unknown> {
  change: void;
}

/** What goes through `call.signal` between two participants (the `local` provider). */
type Signal = { type: 'offer' | 'answer'; sdp: string } | { type: 'candidate'; candidate: RTCIceCandidateInit };

function isSignal(data: unknown): data is Signal {
  if (typeof data !== 'object' || data === null) return false;
  const t = (data as { type?: unknown }).type;
  return t === 'offer' || t === 'answer' || t === 'candidate';
}

/** A peer connection's stream as a tile: one per stream, so the view attaches it once. */
const streamTiles = new WeakMap<MediaStream, RemoteTile>();
function streamTile(userId: string, stream: MediaStream): RemoteTile {
  let tile = streamTiles.get(stream);
  if (!tile) {
    const attach = (els: { video?: HTMLVideoElement; audio: HTMLAudioElement }) => {
      for (const el of [els.video, els.audio]) if (el) el.srcObject = stream;
      return () => [els.video, els.audio].forEach((el) => el && (el.srcObject = null));
    };
    streamTiles.set(stream, (tile = { key: userId, userId, attach }));
  }
  return tile;
}

/**
 * The call this tab is in: my microphone (and camera), one RTCPeerConnection per other participant,
 * offers, answers and ICE candidates trickled through `call.signal`. Whoever joins a running call
 * offers to everyone already in it (they answer), so exactly one side of each pair makes the offer.
 */
export class CallSession {
  readonly events = new Emitter<CallEvents>();
  readonly peers = new Map<string, RTCPeerConnection>();
  readonly remoteStreams = new Map<string, MediaStream>();
  local: MediaStream | undefined;
  muted = false;
  cameraOff = false;
  ended = false;
  private readonly pending = new Map<string, RTCIceCandidateInit[]>();
  private readonly offs: (() => void)[] = [];
  /** Signals are handled one at a time, in arrival order (each awaits the microphone first). */
  private queue: Promise<void> = Promise.resolve();
  private media: Promise<MediaStream> | undefined;
  private providerMedia: ProviderMedia | undefined;

  constructor(
    private readonly client: ChatClient,
    public call: CallView,
    private readonly selfId: string,
    private readonly iceServers: RTCIceServer[],
    /** GetStream or ARTC: their SDK carries the media; no peer connections of ours. */
    private readonly provider?: () => Promise<ProviderMedia>,
  ) {
    this.offs.push(
      client.events.on('frame', (frame) => {
        if (frame.type !== 'call.signal' || frame.callId !== this.call.id) return;
        const { fromUserId, data } = frame;
        this.queue = this.queue.then(() => this.onSignal(fromUserId, data)).catch((e: unknown) => console.warn('call signal', e));
      }),
      client.events.on('call', (event) => {
        if (event.call.id !== this.call.id) return;
        this.call = event.call;
        if (event.call.state === 'ended') return this.close();
        // Someone left: their connection goes.
        for (const p of event.call.participants) if (!p.inCall && this.peers.has(p.userId)) this.dropPeer(p.userId);
        // Everyone else left an answered call: nobody to talk to, so I leave too (which ends it).
        if (event.call.answeredAt && !event.call.participants.some((p) => p.inCall && p.userId !== this.selfId)) return void this.hangUp();
        this.changed();
      }),
    );
  }

  /** Opens the microphone (and camera); `offer`: I joined a running call, so I offer to the others. */
  async begin(offer: boolean): Promise<void> {
    if (this.provider) {
      this.providerMedia = await this.provider();
      if (this.ended) return void (await this.providerMedia.leave());
      this.providerMedia.onRemotesChange(() => this.changed());
      return this.changed();
    }
    this.media = navigator.mediaDevices.getUserMedia({ audio: true, video: this.call.kind === 'video' });
    this.local = await this.media;
    if (this.ended) return this.stopTracks();
    this.changed();
    if (!offer) return;
    for (const p of this.call.participants) if (p.inCall && p.userId !== this.selfId) await this.offerTo(p.userId);
  }

  /** The others' media, whichever provider carries it: what the in-call view shows. */
  get remotes(): RemoteTile[] {
    if (this.provider) return this.providerMedia?.remotes() ?? [];
    return [...this.remoteStreams].map(([userId, stream]) => streamTile(userId, stream));
  }

  /** My camera into `video` once it is on; returns the undo (undefined: nothing to show yet). */
  preview(video: HTMLVideoElement): (() => void) | undefined {
    if (this.providerMedia) return this.providerMedia.preview(video);
    if (!this.local) return undefined;
    video.srcObject = this.local;
    return () => void (video.srcObject = null);
  }

  /** The worst state among the peer connections ('new' before there is one). */
  get connectionState(): RTCPeerConnectionState {
    if (this.provider) return this.providerMedia ? 'connected' : 'connecting';
    const states = [...this.peers.values()].map((pc) => pc.connectionState);
    if (states.length === 0) return 'new';
    for (const s of ['failed', 'disconnected', 'closed', 'new', 'connecting'] as const) if (states.includes(s)) return s;
    return 'connected';
  }

  toggleMute(): void {
    this.muted = !this.muted;
    for (const t of this.local?.getAudioTracks() ?? []) t.enabled = !this.muted;
    void this.providerMedia?.setMuted(this.muted);
    this.changed();
  }

  toggleCamera(): void {
    this.cameraOff = !this.cameraOff;
    for (const t of this.local?.getVideoTracks() ?? []) t.enabled = !this.cameraOff;
    void this.providerMedia?.setCameraOff(this.cameraOff);
    this.changed();
  }

  /**
   * Hangs up: with at most one other person left it ends the call for everyone (allowed to the
   * caller and admins; anyone else leaves, and the last one out ends it), otherwise leaves it.
   */
  async hangUp(): Promise<void> {
    const id = this.call.id;
    const others = this.call.participants.filter((p) => p.inCall && p.userId !== this.selfId).length;
    this.close();
    if (others <= 1) {
      const ended = await this.client.callAction(id, 'end').then(
        () => true,
        () => false,
      );
      if (ended) return;
    }
    await this.client.callAction(id, 'leave').catch(() => undefined);
  }

  close(): void {
    if (this.ended) return;
    this.ended = true;
    for (const off of this.offs.splice(0)) off();
    for (const userId of [...this.peers.keys()]) this.dropPeer(userId);
    this.stopTracks();
    void this.providerMedia?.leave().catch(() => undefined);
    this.changed();
  }

  private stopTracks(): void {
    for (const t of this.local?.getTracks() ?? []) t.stop();
  }

  private peer(userId: string): RTCPeerConnection {
    let pc = this.peers.get(userId);
    if (pc) return pc;
    pc = new RTCPeerConnection({ iceServers: this.iceServers });
    this.peers.set(userId, pc);
    for (const track of this.local?.getTracks() ?? []) pc.addTrack(track, this.local!);
    pc.onicecandidate = (e) => {
      if (e.candidate) this.client.realtime.signal(this.call.id, userId, { type: 'candidate', candidate: e.candidate.toJSON() });
    };
    pc.ontrack = (e) => {
      const stream = e.streams[0];
      if (stream) this.remoteStreams.set(userId, stream);
      this.changed();
    };
    pc.onconnectionstatechange = () => this.changed();
    return pc;
  }

  private dropPeer(userId: string): void {
    this.peers.get(userId)?.close();
    this.peers.delete(userId);
    this.remoteStreams.delete(userId);
    this.pending.delete(userId);
  }

  private async offerTo(userId: string): Promise<void> {
    const pc = this.peer(userId);
    await pc.setLocalDescription(await pc.createOffer());
    this.client.realtime.signal(this.call.id, userId, { type: 'offer', sdp: pc.localDescription!.sdp });
  }

  private async onSignal(from: string, data: unknown): Promise<void> {
    if (this.ended || !isSignal(data) || !this.media) return;
    await this.media;
    if (this.ended) return;
    const pc = this.peer(from);
    if (data.type === 'candidate') {
      if (pc.remoteDescription) await pc.addIceCandidate(data.candidate).catch(() => undefined);
      else this.pending.set(from, [...(this.pending.get(from) ?? []), data.candidate]);
      return;
    }
    await pc.setRemoteDescription({ type: data.type, sdp: data.sdp });
    for (const c of this.pending.get(from) ?? []) await pc.addIceCandidate(c).catch(() => undefined);
    this.pending.delete(from);
    if (data.type === 'offer') {
      await pc.setLocalDescription(await pc.createAnswer());
      this.client.realtime.signal(this.call.id, from, { type: 'answer', sdp: pc.localDescription!.sdp });
    }
  }

  private changed(): void {
    this.events.emit('change', undefined);
  }
}
