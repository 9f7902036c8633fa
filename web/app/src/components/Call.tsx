import { useEffect, useRef, useState } from 'preact/hooks';
import type { CallView } from '@chat/client';
import type { CallSession } from '../call.js';
import type { RemoteTile } from '../provider-media.js';
import type { Chat } from '../chat.js';
import { useChange } from '../use-change.js';

/** A short two-tone beep every 2 s while ringing (WebAudio; silent where audio cannot start). */
function useRingtone(): void {
  useEffect(() => {
    let ctx: AudioContext | undefined;
    try {
      ctx = new AudioContext();
    } catch {
      return;
    }
    const audio = ctx;
    const beep = () => {
      if (audio.state !== 'running') return;
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      gain.gain.value = 0.05;
      osc.frequency.value = 660;
      osc.connect(gain).connect(audio.destination);
      osc.start();
      osc.stop(audio.currentTime + 0.4);
    };
    beep();
    const timer = setInterval(beep, 2_000);
    return () => {
      clearInterval(timer);
      void audio.close().catch(() => undefined);
    };
  }, []);
}

/** The incoming call: Answer or Decline (Escape declines). Shown on every tab until it is answered anywhere. */
export function IncomingCall({ chat, call }: { chat: Chat; call: CallView }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState('');
  useRingtone();
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  const title = chat.titleOf({ type: 'direct', title: null, members: [{ userId: call.createdBy }] });
  const what = call.kind === 'video' ? 'Video call' : 'Audio call';
  return (
    <dialog
      ref={dialog}
      class="dialog incoming-call"
      aria-labelledby="incoming-call-title"
      aria-describedby="incoming-call-what"
      onCancel={(e) => {
        e.preventDefault();
        void chat.decline();
      }}
    >
      <h2 id="incoming-call-title">Incoming call from {title}</h2>
      <p id="incoming-call-what">{what}</p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="call-actions">
        <button
          type="button"
          class="answer"
          autofocus
          onClick={() => void chat.answer().catch((e: unknown) => setError(e instanceof Error ? e.message : 'Could not answer the call.'))}
        >
          Answer
        </button>
        <button type="button" class="danger" onClick={() => void chat.decline()}>
          Decline
        </button>
      </div>
    </dialog>
  );
}

/** Someone else's media: their video (in video calls, muted: the sound is the <audio>'s) and audio. */
function Remote({ tile, video, name }: { tile: RemoteTile; video: boolean; name: string }) {
  const v = useRef<HTMLVideoElement>(null);
  const a = useRef<HTMLAudioElement>(null);
  useEffect(() => tile.attach({ video: v.current ?? undefined, audio: a.current! }), [tile]);
  return (
    <>
      {video && <video ref={v} autoplay playsInline muted aria-label={`${name}'s video`} />}
      <audio ref={a} autoplay aria-label={`${name}'s audio`} />
    </>
  );
}

/** My camera, whichever provider carries it (attached again when the session changes, e.g. the camera opens). */
function Preview({ session }: { session: CallSession }) {
  const v = useRef<HTMLVideoElement>(null);
  useEffect(() => session.preview(v.current!), [session, session.local, session.connectionState]);
  return <video ref={v} autoplay playsInline muted aria-label="Your camera" />;
}

/** The call this tab is in: who is in it, microphone and camera toggles, hang up. */
export function InCall({ chat, session }: { chat: Chat; session: CallSession }) {
  useChange(session.events, 'change');
  const hangUp = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    hangUp.current?.focus();
  }, []);
  const call = session.call;
  const video = call.kind === 'video';
  const inCall = call.participants.filter((p) => p.inCall);
  const status = call.state === 'ringing' ? 'Ringing…' : session.connectionState === 'connected' ? 'Connected' : 'Connecting…';
  return (
    <section
      class="in-call"
      aria-labelledby="in-call-title"
      data-call-id={call.id}
      data-connection={session.connectionState}
      onKeyDown={(e) => {
        if (e.key === 'Escape') hangUp.current?.focus();
      }}
    >
      <h2 id="in-call-title">{video ? 'Video call' : 'Audio call'}</h2>
      <p class="call-status" role="status">
        {status}
      </p>
      <ul class="call-people" aria-label="In the call">
        {inCall.map((p) => (
          <li key={p.userId}>{chat.nameOf(p.userId)}</li>
        ))}
      </ul>
      <div class="call-media">
        {video && <Preview session={session} />}
        {session.remotes.map((tile) => (
          <Remote key={tile.key} tile={tile} video={video} name={chat.nameOf(tile.userId)} />
        ))}
      </div>
      <div class="call-actions">
        <button type="button" class="secondary" aria-pressed={session.muted} onClick={() => session.toggleMute()}>
          {session.muted ? 'Unmute microphone' : 'Mute microphone'}
        </button>
        {video && (
          <button type="button" class="secondary" aria-pressed={session.cameraOff} onClick={() => session.toggleCamera()}>
            {session.cameraOff ? 'Turn camera on' : 'Turn camera off'}
          </button>
        )}
        <button ref={hangUp} type="button" class="danger" onClick={() => void session.hangUp()}>
          Hang up
        </button>
      </div>
    </section>
  );
}
