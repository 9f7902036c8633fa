import {
  ApiError,
  ChatClient,
  Emitter,
  IndexedDbQueueStore,
  LocalStorageTokenStore,
  type CallView,
  type CallWithCredentials,
  type ConnectionState,
  type ConversationListItem,
  type ConversationStore,
  type OwnUser,
  type PublicUser,
} from '@chat/client';
import { CallSession } from './call.js';

interface AppEvents extends Record<string, unknown> {
  /** Sign-in state, the profile, the conversation list, presence, people: re-render. */
  change: void;
}

/**
 * The app's side of `@chat/client`: the SDK's ChatClient does all API and WebSocket work (refresh,
 * resume, the persistent send queue, one store per conversation); this adds only UI state: the
 * listed conversations, the names seen, the connection state for the offline banner.
 */
export class Chat {
  readonly events = new Emitter<AppEvents>();
  readonly client: ChatClient;
  me: OwnUser | undefined;
  conversations: ConversationListItem[] = [];
  readonly users = new Map<string, PublicUser>();
  connection: ConnectionState = 'idle';
  /** Whether a socket has been open since sign-in: only then is "connecting" worth a banner. */
  wasOpen = false;
  signedIn = false;
  /** What the browser says (navigator.onLine); a socket can look open for a while after the network went. */
  online = navigator.onLine;
  /** A call ringing for me (on every tab) until it is answered, declined or ended anywhere. */
  incoming: CallView | undefined;
  /** The call this tab is in. */
  call: CallSession | undefined;
  /** How my last call ended when that needs saying (declined, missed, failed), until the next one. */
  callNotice = '';
  private readonly mediaVersions = new Map<string, number>();
  private readonly watched = new Set<string>();
  private readonly asked = new Set<string>();
  private readonly unnamed = new Set<string>();
  /** Members per conversation, from its GET (the list leaves them out). */
  private readonly members = new Map<string, NonNullable<ConversationListItem['members']>>();

  constructor(baseUrl = location.origin) {
    this.client = new ChatClient({
      baseUrl,
      tokenStore: new LocalStorageTokenStore(localStorage),
      // Queued messages survive a reload and go out once, with the clientMsgId they were given.
      queueStore: new IndexedDbQueueStore(),
    });
    const c = this.client;
    c.events.on('state', (state) => {
      this.connection = state;
      if (state === 'open') {
        this.wasOpen = true;
        void this.refreshList();
      }
      this.changed();
    });
    c.events.on('presence', () => this.changed());
    c.events.on('network', ({ online }) => {
      this.online = online;
      this.changed();
    });
    // Members changed (added, removed, renamed): the event carries the members of now. A removed
    // member gets it too, without themselves in it: the store then says not a member, the list drops it.
    c.events.on('conversation', (conversation) => {
      this.members.set(conversation.id, conversation.members ?? []);
      void this.refreshList();
    });
    c.events.on('media', (media) => {
      this.mediaVersions.set(media.id, this.mediaVersion(media.id) + 1);
      this.changed();
    });
    c.events.on('signedOut', () => {
      this.signedIn = false;
      this.changed();
    });
    c.events.on('call', (event) => {
      if (event.type === 'call.ringing') {
        if (event.call.createdBy !== this.me?.id && this.call?.call.id !== event.call.id) this.incoming = event.call;
      } else if (this.incoming?.id === event.call.id) {
        // It stops ringing once it ended, I declined, or I am in it (answered on another tab). In a
        // group someone else answering is not that: it rings on until I answer, decline or it ends.
        const mine = event.call.participants.find((p) => p.userId === this.me?.id);
        if (event.type === 'call.declined' || event.call.state === 'ended' || mine?.inCall) this.incoming = undefined;
      }
      this.changed();
    });
    c.queue.events.on('sent', ({ message }) => this.bumpListed(message));
    // A message in a conversation the list does not have yet (someone just started it with me).
    c.realtime.events.on('frame', (frame) => {
      if (frame.type === 'message.new' && !this.watched.has(frame.message.conversationId)) void this.refreshList();
    });
  }

  get rest() {
    return this.client.rest;
  }
  get queue() {
    return this.client.queue;
  }
  get presence() {
    return this.client.presence;
  }

  /** Restores a saved login; resolves with whether there is one. */
  async restore(): Promise<boolean> {
    if (!(await this.client.session.tokens())) return false;
    try {
      await this.start();
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return false;
      throw error;
    }
  }

  async login(login: string, password: string): Promise<void> {
    await this.rest.login({ login, password });
    await this.start();
  }

  async register(username: string, email: string, password: string): Promise<void> {
    await this.rest.register({ username, email, password });
    await this.start();
  }

  async logout(): Promise<void> {
    this.client.stop();
    await this.rest.logout().catch(() => undefined);
    this.signedIn = false;
    this.wasOpen = false;
    this.changed();
  }

  store(id: string): ConversationStore {
    return this.client.conversation(id);
  }

  /** Opens a conversation: its members and the newest page of history. Throws ApiError 404 for a non-member. */
  async open(id: string): Promise<ConversationStore> {
    const { conversation } = await this.rest.getConversation(id);
    this.members.set(id, conversation.members ?? []);
    this.store(id).applyConversation(conversation);
    return this.client.open(id);
  }

  loadOlder(id: string): Promise<boolean> {
    return this.client.loadOlder(id);
  }

  typing(id: string, state: 'start' | 'stop'): void {
    this.client.typing(id, state);
  }

  /** Moves my read marker to the newest message held, once it has been shown. */
  markRead(id: string): void {
    const store = this.store(id);
    const newest = store.position ?? 0;
    if (newest <= store.myReadSeq) return;
    void this.client.markRead(id, newest).catch(() => undefined);
    const item = this.conversations.find((c) => c.id === id);
    if (item) {
      item.unreadCount = 0;
      item.unreadMentions = 0;
    }
    this.changed();
  }

  async refreshList(): Promise<void> {
    const items = (await this.client.loadConversations()).items;
    // The list has no members; a direct chat is titled by the other member, so fetch those once.
    await Promise.all(
      items
        .filter((c) => c.type === 'direct' && !this.members.has(c.id))
        .map((c) =>
          this.rest.getConversation(c.id).then(
            (r) => this.members.set(c.id, r.conversation.members ?? []),
            () => undefined,
          ),
        ),
    );
    this.conversations = items.map((c) => ({ ...c, members: c.members ?? this.members.get(c.id) }));
    for (const c of this.conversations) this.watch(c.id);
    // Presence dots are those of direct chats: who of them is online already.
    this.client.watchPresence(this.conversations.flatMap((c) => (c.type === 'direct' ? (c.members ?? []).map((m) => m.userId) : [])));
    this.changed();
  }

  /** A display name for an id: from searches, or a short form of the id until one is known. */
  nameOf(userId: string): string {
    if (userId === this.me?.id) return 'You';
    const user = this.users.get(userId);
    if (user) return user.displayName || user.username;
    this.lookUp(userId);
    return `user ${userId.slice(-6)}`;
  }

  /** Names the ids rendered without one, in one request per tick (GET /v1/users?ids=). */
  private lookUp(userId: string): void {
    if (this.asked.has(userId)) return;
    this.asked.add(userId);
    this.unnamed.add(userId);
    if (this.unnamed.size > 1) return;
    queueMicrotask(() => {
      const all = [...this.unnamed];
      this.unnamed.clear();
      for (let i = 0; i < all.length; i += 50) {
        const ids = all.slice(i, i + 50);
        this.rest.searchUsers({ ids: ids.join(',') }).then(
          (r) => this.remember(r.items),
          () => ids.forEach((id) => this.asked.delete(id)),
        );
      }
    });
  }

  titleOf(c: { type: string; title: string | null; members?: { userId: string }[] | undefined }): string {
    if (c.title) return c.title;
    const other = c.members?.find((m) => m.userId !== this.me?.id);
    return other ? this.nameOf(other.userId) : 'Direct chat';
  }

  remember(users: PublicUser[]): void {
    for (const u of users) this.users.set(u.id, u);
    localStorage.setItem('chat.users', JSON.stringify([...this.users.values()]));
    this.changed();
  }

  membersOf(conversationId: string): NonNullable<ConversationListItem['members']> {
    return this.members.get(conversationId) ?? this.store(conversationId).conversation?.members ?? [];
  }

  async addMembers(conversationId: string, userIds: string[]): Promise<void> {
    const { conversation } = await this.rest.addMembers(conversationId, { userIds });
    this.members.set(conversationId, conversation.members ?? []);
    this.changed();
  }

  async setRole(conversationId: string, userId: string, role: 'admin' | 'member'): Promise<void> {
    const { conversation } = await this.rest.setMemberRole(conversationId, userId, { role });
    this.members.set(conversationId, conversation.members ?? []);
    this.changed();
  }

  async removeMember(conversationId: string, userId: string): Promise<void> {
    await this.rest.removeMember(conversationId, userId);
    const { conversation } = await this.rest.getConversation(conversationId);
    this.members.set(conversationId, conversation.members ?? []);
    this.changed();
  }

  /** Leaves a group: it goes from the list at once (the server sends me no more of it). */
  async leave(conversationId: string): Promise<void> {
    await this.rest.removeMember(conversationId, this.me!.id);
    this.store(conversationId).markNotMember();
    await this.refreshList();
  }

  /** Bumped on `media.updated` (processing finished): attachments fetch their URLs again. */
  mediaVersion(mediaId: string): number {
    return this.mediaVersions.get(mediaId) ?? 0;
  }

  /** Owners and admins may delete others' messages; the server decides, this only hides the button. */
  canModerate(conversationId: string): boolean {
    const role = this.membersOf(conversationId).find((m) => m.userId === this.me?.id)?.role;
    return role === 'owner' || role === 'admin';
  }

  /** Starts a call in a conversation and joins it here (the others' devices ring). */
  async startCall(conversationId: string, kind: 'audio' | 'video'): Promise<void> {
    if (this.call) return;
    await this.enter(await this.client.startCall(conversationId, kind), false);
  }

  /** Answers the ringing call on this tab: I offer to whoever is in it. */
  async answer(): Promise<void> {
    const ringing = this.incoming;
    if (!ringing || this.call) return;
    this.incoming = undefined;
    this.changed();
    await this.enter(await this.client.joinCall(ringing.id), true);
  }

  async decline(): Promise<void> {
    const ringing = this.incoming;
    if (!ringing) return;
    this.incoming = undefined;
    this.changed();
    await this.client.callAction(ringing.id, 'decline').catch(() => undefined);
  }

  private async enter({ call, credentials }: CallWithCredentials, offer: boolean): Promise<void> {
    const iceServers = credentials.provider === 'local' ? credentials.iceServers : [];
    // GetStream and ARTC: their official SDKs, loaded only now (their own chunks).
    const provider = credentials.provider === 'local' ? undefined : () => import('./provider-media.js').then((m) => m.joinProvider(credentials, call.kind));
    const session = new CallSession(this.client, call, this.me!.id, iceServers, provider);
    this.call = session;
    this.callNotice = '';
    session.events.on('change', () => {
      if (session.ended && this.call === session) {
        this.call = undefined;
        const reason = session.call.endReason;
        if (reason === 'declined') this.callNotice = 'The call was declined.';
        else if (reason === 'missed') this.callNotice = 'No answer.';
        else if (reason === 'failed') this.callNotice = 'The call failed.';
      }
      this.changed();
    });
    this.changed();
    try {
      await session.begin(offer);
    } catch (error) {
      // No microphone (or refused): leave rather than sit in a silent call.
      await session.hangUp();
      throw error;
    }
  }

  changed(): void {
    this.events.emit('change', undefined);
  }

  private async start(): Promise<void> {
    this.me = (await this.rest.me()).user;
    this.users.set(this.me.id, { id: this.me.id, username: this.me.username, displayName: this.me.displayName });
    for (const u of JSON.parse(localStorage.getItem('chat.users') ?? '[]') as PublicUser[]) if (!this.users.has(u.id)) this.users.set(u.id, u);
    await this.refreshList();
    this.signedIn = true;
    this.changed();
    await this.client.start();
  }

  /** New messages (and reads) in a listed conversation update its row and move it to the top. */
  private watch(id: string): void {
    if (this.watched.has(id)) return;
    this.watched.add(id);
    this.store(id).events.on('change', () => {
      const last = this.store(id).sorted().at(-1);
      if (last) this.bumpListed(last);
    });
  }

  private bumpListed(message: NonNullable<ConversationListItem['lastMessage']>): void {
    const item = this.conversations.find((c) => c.id === message.conversationId);
    if (!item) return void this.refreshList();
    const store = this.store(item.id);
    const changed = item.lastMessage?.seq !== message.seq || item.unreadCount !== store.unread || item.unreadMentions !== store.unreadMentions;
    if (!changed) return;
    const isNew = (item.lastMessage?.seq ?? 0) < message.seq;
    item.lastMessage = message;
    item.lastSeq = Math.max(item.lastSeq, message.seq);
    item.unreadCount = store.unread;
    item.unreadMentions = store.unreadMentions;
    if (isNew) this.conversations = [item, ...this.conversations.filter((c) => c !== item)];
    this.changed();
  }
}
