import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type PublicUser } from '@chat/client';
import type { Chat } from '../chat.js';
import { navigate } from '../router.js';

/** Search people by username and start a direct chat, or pick several and create a group. */
export function NewChat({ chat, onClose }: { chat: Chat; onClose: () => void }) {
  const [q, setQ] = useState('');
  const [found, setFound] = useState<PublicUser[]>([]);
  const [picked, setPicked] = useState<PublicUser[]>([]);
  const [title, setTitle] = useState('');
  const [error, setError] = useState('');
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  useEffect(() => {
    if (!q.trim()) return setFound([]);
    const t = setTimeout(() => {
      chat.rest
        .searchUsers({ q: q.trim() })
        .then((r) => {
          chat.remember(r.items);
          setFound(r.items.filter((u) => u.id !== chat.me?.id));
        })
        .catch(() => setFound([]));
    }, 200);
    return () => clearTimeout(t);
  }, [q]);

  const start = async (body: Parameters<Chat['rest']['createConversation']>[0]) => {
    try {
      const { conversation } = await chat.rest.createConversation(body);
      await chat.refreshList();
      onClose();
      navigate(`/c/${encodeURIComponent(conversation.id)}`);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'Could not create the conversation.');
    }
  };
  const toggle = (u: PublicUser) => setPicked((p) => (p.some((x) => x.id === u.id) ? p.filter((x) => x.id !== u.id) : [...p, u]));

  return (
    <dialog ref={dialog} class="dialog" aria-labelledby="new-chat-title" onClose={onClose}>
      <h2 id="new-chat-title">New chat</h2>
      <label for="user-search">Find people by username</label>
      <input id="user-search" type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} autoComplete="off" />
      <ul class="people" aria-label="People found">
        {found.map((u) => (
          <li key={u.id}>
            <span>
              {u.displayName} <span class="handle">@{u.username}</span>
            </span>
            <button type="button" onClick={() => void start({ type: 'direct', userId: u.id })}>
              Message
            </button>
            <label class="pick">
              <input type="checkbox" checked={picked.some((x) => x.id === u.id)} onChange={() => toggle(u)} /> Add to group
            </label>
          </li>
        ))}
      </ul>
      {picked.length > 0 && (
        <form
          class="group-form"
          onSubmit={(e) => {
            e.preventDefault();
            void start({ type: 'group', title: title.trim() || picked.map((u) => u.username).join(', '), memberIds: picked.map((u) => u.id) });
          }}
        >
          <p>Group with {picked.map((u) => u.displayName).join(', ')}</p>
          <label for="group-title">Group name</label>
          <input id="group-title" value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
          <button type="submit">Create group</button>
        </form>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="button" class="secondary" onClick={() => dialog.current?.close()}>
        Close
      </button>
    </dialog>
  );
}
