import { useEffect, useState } from 'preact/hooks';
import type { Chat } from './chat.js';
import { navigate, useRoute } from './router.js';
import { useChange } from './use-change.js';
import { Auth } from './screens/Auth.js';
import { ConversationList } from './screens/ConversationList.js';
import { ConversationScreen } from './screens/ConversationScreen.js';
import { Settings } from './screens/Settings.js';
import { InCall, IncomingCall } from './components/Call.js';

export function App({ chat }: { chat: Chat }) {
  const route = useRoute();
  const [ready, setReady] = useState(false);
  useChange(chat.events, 'change');
  useEffect(() => {
    void chat
      .restore()
      .catch(() => false)
      .finally(() => setReady(true));
  }, []);
  useEffect(() => {
    if (!ready) return;
    const authRoute = route.name === 'login' || route.name === 'register';
    if (!chat.signedIn && !authRoute) navigate('/login', true);
    else if (chat.signedIn && authRoute) navigate('/', true);
  }, [ready, chat.signedIn, route.name]);

  if (!ready) return <p class="loading">Loading…</p>;
  if (!chat.signedIn) return route.name === 'register' ? <Auth chat={chat} mode="register" /> : <Auth chat={chat} mode="login" />;

  const offline = !chat.online || (chat.wasOpen && (chat.connection === 'reconnecting' || chat.connection === 'connecting'));
  const activeId = route.name === 'conversation' ? route.id : undefined;
  return (
    <div class={route.name === 'home' ? 'shell at-list' : 'shell at-detail'}>
      {offline && (
        <p class="offline" role="status">
          Offline: reconnecting… Messages you send go out when the connection is back.
        </p>
      )}
      {chat.incoming && !chat.call && <IncomingCall key={chat.incoming.id} chat={chat} call={chat.incoming} />}
      {chat.call && <InCall key={chat.call.call.id} chat={chat} session={chat.call} />}
      {!chat.call && chat.callNotice && (
        <p class="call-notice" role="status">
          {chat.callNotice}{' '}
          <button type="button" class="secondary" onClick={() => ((chat.callNotice = ''), chat.changed())}>
            Dismiss
          </button>
        </p>
      )}
      <ConversationList chat={chat} activeId={activeId} />
      {route.name === 'conversation' ? (
        <ConversationScreen chat={chat} id={route.id} />
      ) : route.name === 'settings' ? (
        <Settings chat={chat} />
      ) : (
        <main class="placeholder">
          <h2>Pick a conversation</h2>
        </main>
      )}
    </div>
  );
}
