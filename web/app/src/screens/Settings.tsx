import { useState } from 'preact/hooks';
import { ApiError } from '@chat/client';
import type { Chat } from '../chat.js';
import { navigate, onLinkClick } from '../router.js';
import { useChange } from '../use-change.js';

/** Notification settings: e-mail alerts, push, quiet hours (DND). Muting is per conversation, in its header. */
export function Settings({ chat }: { chat: Chat }) {
  useChange(chat.events, 'change');
  const me = chat.me!;
  const [status, setStatus] = useState('');
  const [dnd, setDnd] = useState(me.doNotDisturb !== null);
  const save = async (e: Event) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget as HTMLFormElement);
    try {
      const { user } = await chat.rest.updateMe({
        displayName: String(f.get('displayName')),
        emailNotifications: String(f.get('email')) as 'off' | 'mentions' | 'all',
        pushEnabled: f.get('push') === 'on',
        doNotDisturb: dnd
          ? { start: String(f.get('dndStart')), end: String(f.get('dndEnd')), timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone }
          : null,
      });
      chat.me = user;
      chat.changed();
      setStatus('Saved.');
    } catch (error) {
      setStatus(error instanceof ApiError ? `Not saved: ${error.details.map((d) => d.issue).join('; ') || error.message}` : 'Not saved.');
    }
  };
  return (
    <main class="settings">
      <header class="conv-head">
        <a href="/" class="back" onClick={(e) => onLinkClick(e, '/')} aria-label="Back to chats">
          ←
        </a>
        <h1>Settings</h1>
      </header>
      <form onSubmit={save}>
        <div class="field">
          <label for="displayName">Display name</label>
          <input id="displayName" name="displayName" defaultValue={me.displayName} required />
        </div>
        <fieldset>
          <legend>E-mail notifications</legend>
          {(['off', 'mentions', 'all'] as const).map((v) => (
            <label key={v} class="radio">
              <input type="radio" name="email" value={v} defaultChecked={me.emailNotifications === v} />{' '}
              {v === 'off' ? 'Off' : v === 'mentions' ? 'When mentioned' : 'Every message'}
            </label>
          ))}
        </fieldset>
        <label class="radio">
          <input type="checkbox" name="push" defaultChecked={me.pushEnabled} /> Push notifications
        </label>
        <fieldset>
          <legend>Do not disturb</legend>
          <label class="radio">
            <input type="checkbox" checked={dnd} onChange={(e) => setDnd(e.currentTarget.checked)} /> Quiet hours
          </label>
          {dnd && (
            <div class="dnd">
              <label for="dndStart">From</label>
              <input id="dndStart" name="dndStart" type="time" defaultValue={me.doNotDisturb?.start ?? '22:00'} required />
              <label for="dndEnd">to</label>
              <input id="dndEnd" name="dndEnd" type="time" defaultValue={me.doNotDisturb?.end ?? '07:00'} required />
            </div>
          )}
        </fieldset>
        <button type="submit">Save</button>
        <p role="status">{status}</p>
      </form>
      <p>
        Signed in as <strong>@{me.username}</strong>{' '}
        <button type="button" class="secondary" onClick={() => void chat.logout().then(() => navigate('/login', true))}>
          Log out
        </button>
      </p>
    </main>
  );
}
