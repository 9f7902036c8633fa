import { useEffect, useState } from 'preact/hooks';
import { ApiError, type PublicUser } from '@chat/client';
import type { Chat } from '../chat.js';
import { navigate } from '../router.js';

type Role = 'owner' | 'admin' | 'member';

// The server's rules (layers/core/src/domain/chat/conversation.ts: canManageMembers, canRemove,
// canChangeRole), repeated only to hide what would be refused; the API still decides and its
// refusals are shown.
const canManage = (role: Role | undefined) => role === 'owner' || role === 'admin';
const canChangeRole = (actor: Role | undefined, target: Role) => actor === 'owner' && target !== 'owner';
function canRemove(actor: Role | undefined, target: Role): boolean {
  if (actor === 'owner') return target !== 'owner';
  return actor === 'admin' && target === 'member';
}

const errorText = (e: unknown, fallback: string) => (e instanceof ApiError ? e.message : fallback);

/**
 * A group's members: owners and admins add people (search by username) and remove whom the rules
 * let them; the owner makes members admins and back; anyone but the owner leaves.
 */
export function MembersPanel({ chat, id, onClose }: { chat: Chat; id: string; onClose: () => void }) {
  const [q, setQ] = useState('');
  const [found, setFound] = useState<PublicUser[]>([]);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const members = chat.membersOf(id);
  const myRole = members.find((m) => m.userId === chat.me?.id)?.role;
  const memberIds = new Set(members.map((m) => m.userId));

  useEffect(() => {
    if (!q.trim() || !canManage(myRole)) return setFound([]);
    const t = setTimeout(() => {
      chat.rest.searchUsers({ q: q.trim() }).then(
        (r) => {
          chat.remember(r.items);
          setFound(r.items);
        },
        () => setFound([]),
      );
    }, 200);
    return () => clearTimeout(t);
  }, [q, myRole]);

  const act = async (what: () => Promise<unknown>, fallback: string) => {
    setBusy(true);
    setError('');
    try {
      await what();
    } catch (e) {
      setError(errorText(e, fallback));
    } finally {
      setBusy(false);
    }
  };
  const add = (u: PublicUser) =>
    act(async () => {
      await chat.addMembers(id, [u.id]);
      setQ('');
    }, 'Could not add the member.');
  const setRole = (userId: string, role: 'admin' | 'member') => act(() => chat.setRole(id, userId, role), 'Could not change the role.');
  const remove = (userId: string) => act(() => chat.removeMember(id, userId), 'Could not remove the member.');
  const leave = () =>
    act(async () => {
      await chat.leave(id);
      navigate('/');
    }, 'Could not leave the group.');

  return (
    <section class="members-panel" aria-labelledby="members-title">
      <header>
        <h2 id="members-title">Members ({members.length})</h2>
        <button type="button" class="secondary" onClick={onClose}>
          Close
        </button>
      </header>
      <ul class="people" aria-label="Members">
        {members.map((m) => (
          <li key={m.userId}>
            <span>
              {chat.nameOf(m.userId)} <span class="role">{m.role}</span>
            </span>
            {m.userId === chat.me?.id
              ? m.role !== 'owner' && (
                  <button type="button" class="secondary" disabled={busy} onClick={() => void leave()}>
                    Leave group
                  </button>
                )
              : (canChangeRole(myRole, m.role) || canRemove(myRole, m.role)) && (
                  <span class="member-actions">
                    {canChangeRole(myRole, m.role) && (
                      <button
                        type="button"
                        class="secondary"
                        disabled={busy}
                        aria-label={`${m.role === 'admin' ? 'Remove admin' : 'Make admin'} ${chat.nameOf(m.userId)}`}
                        onClick={() => void setRole(m.userId, m.role === 'admin' ? 'member' : 'admin')}
                      >
                        {m.role === 'admin' ? 'Remove admin' : 'Make admin'}
                      </button>
                    )}
                    {canRemove(myRole, m.role) && (
                      <button
                        type="button"
                        class="secondary"
                        disabled={busy}
                        aria-label={`Remove ${chat.nameOf(m.userId)}`}
                        onClick={() => void remove(m.userId)}
                      >
                        Remove
                      </button>
                    )}
                  </span>
                )}
          </li>
        ))}
      </ul>
      {canManage(myRole) && (
        <>
          <label for="member-search">Add people by username</label>
          <input id="member-search" type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} autoComplete="off" />
          <ul class="people" aria-label="People to add">
            {found
              .filter((u) => !memberIds.has(u.id))
              .map((u) => (
                <li key={u.id}>
                  <span>
                    {u.displayName} <span class="handle">@{u.username}</span>
                  </span>
                  <button type="button" disabled={busy} aria-label={`Add ${u.username}`} onClick={() => void add(u)}>
                    Add
                  </button>
                </li>
              ))}
          </ul>
        </>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
