import { seg, type Http } from './http.js';
import type { BodyOf, QueryOf, ResponseOf } from './types.js';

/**
 * One typed method per HTTP route (routes.ts names in the comments). Bodies and answers are the
 * zod schemas' types; failures throw ApiError. Auth calls keep the session's tokens up to date.
 */
export class RestApi {
  constructor(private readonly http: Http) {}

  // --- auth (http-auth-*) ---
  async register(body: BodyOf<'http-auth-register'>): Promise<ResponseOf<'http-auth-register', 201>> {
    const res = await this.http.request<ResponseOf<'http-auth-register', 201>>('POST', '/v1/auth/register', { body });
    await this.http.session.signIn(res.tokens);
    return res;
  }
  async login(body: BodyOf<'http-auth-login'>): Promise<ResponseOf<'http-auth-login', 200>> {
    const res = await this.http.request<ResponseOf<'http-auth-login', 200>>('POST', '/v1/auth/login', { body });
    await this.http.session.signIn(res.tokens);
    return res;
  }
  /** Rotates the refresh token now (requests also do it by themselves when the access token expires). */
  async refresh(): Promise<void> {
    await this.http.session.refresh();
  }
  /** Ends the session on the server (every socket of it closes with 4101) and forgets the tokens. */
  async logout(): Promise<void> {
    const tokens = await this.http.session.tokens();
    try {
      if (tokens) await this.http.request<void>('POST', '/v1/auth/logout', { body: { refreshToken: tokens.refreshToken } });
    } finally {
      await this.http.session.signOut('logout');
    }
  }

  // --- me, users, devices ---
  me() {
    return this.get<ResponseOf<'http-me-get', 200>>('/v1/me');
  }
  updateMe(body: BodyOf<'http-me-update'>) {
    return this.call<ResponseOf<'http-me-update', 200>>('PATCH', '/v1/me', body);
  }
  searchUsers(query: QueryOf<'http-users-search'>) {
    return this.get<ResponseOf<'http-users-search', 200>>('/v1/users', query);
  }
  putDevice(deviceId: string, body: BodyOf<'http-devices-put'>) {
    return this.call<ResponseOf<'http-devices-put', 200>>('PUT', `/v1/me/devices/${seg(deviceId)}`, body);
  }
  deleteDevice(deviceId: string) {
    return this.call<void>('DELETE', `/v1/me/devices/${seg(deviceId)}`);
  }

  // --- conversations and members ---
  listConversations(query: QueryOf<'http-conversations-list'> = {}) {
    return this.get<ResponseOf<'http-conversations-list', 200>>('/v1/conversations', query);
  }
  getConversation(conversationId: string) {
    return this.get<ResponseOf<'http-conversations-get', 200>>(`/v1/conversations/${seg(conversationId)}`);
  }
  /** A group, or the direct conversation with a user (the existing one if there is one). */
  createConversation(body: BodyOf<'http-conversations-create'>) {
    return this.call<ResponseOf<'http-conversations-create', 201>>('POST', '/v1/conversations', body);
  }
  updateConversation(conversationId: string, body: BodyOf<'http-conversations-update'>) {
    return this.call<ResponseOf<'http-conversations-update', 200>>('PATCH', `/v1/conversations/${seg(conversationId)}`, body);
  }
  addMembers(conversationId: string, body: BodyOf<'http-members-add'>) {
    return this.call<ResponseOf<'http-members-add', 200>>('POST', `/v1/conversations/${seg(conversationId)}/members`, body);
  }
  /** The owner makes a member an admin, or an admin a member again. */
  setMemberRole(conversationId: string, userId: string, body: BodyOf<'http-members-update'>) {
    return this.call<ResponseOf<'http-members-update', 200>>('PATCH', `/v1/conversations/${seg(conversationId)}/members/${seg(userId)}`, body);
  }
  /** Removes a member; your own id leaves the conversation. */
  removeMember(conversationId: string, userId: string) {
    return this.call<void>('DELETE', `/v1/conversations/${seg(conversationId)}/members/${seg(userId)}`);
  }
  setMuted(conversationId: string, muted: boolean) {
    return this.call<ResponseOf<'http-conversations-mute', 200>>('PUT', `/v1/conversations/${seg(conversationId)}/mute`, { muted });
  }
  markRead(conversationId: string, seq: number) {
    return this.call<ResponseOf<'http-read-marker-put', 200>>('PUT', `/v1/conversations/${seg(conversationId)}/read`, {
      seq,
    } satisfies BodyOf<'http-read-marker-put'>);
  }

  // --- messages and reactions ---
  listMessages(conversationId: string, query: QueryOf<'http-messages-list'> = {}) {
    return this.get<ResponseOf<'http-messages-list', 200>>(`/v1/conversations/${seg(conversationId)}/messages`, query);
  }
  /** Idempotent by `clientMsgId`: a retry returns the original message. */
  sendMessage(conversationId: string, body: BodyOf<'http-messages-send'>) {
    return this.call<ResponseOf<'http-messages-send', 201>>('POST', `/v1/conversations/${seg(conversationId)}/messages`, body);
  }
  editMessage(conversationId: string, seq: number, body: BodyOf<'http-messages-edit'>) {
    return this.call<ResponseOf<'http-messages-edit', 200>>('PATCH', `/v1/conversations/${seg(conversationId)}/messages/${seg(seq)}`, body);
  }
  deleteMessage(conversationId: string, seq: number) {
    return this.call<ResponseOf<'http-messages-delete', 200>>('DELETE', `/v1/conversations/${seg(conversationId)}/messages/${seg(seq)}`);
  }
  react(conversationId: string, seq: number, emoji: string) {
    return this.call<ResponseOf<'http-reactions-put', 200>>('PUT', `/v1/conversations/${seg(conversationId)}/messages/${seg(seq)}/reactions/${seg(emoji)}`);
  }
  unreact(conversationId: string, seq: number, emoji: string) {
    return this.call<ResponseOf<'http-reactions-delete', 200>>(
      'DELETE',
      `/v1/conversations/${seg(conversationId)}/messages/${seg(seq)}/reactions/${seg(emoji)}`,
    );
  }

  // --- sync and mentions ---
  sync(query: QueryOf<'http-sync-get'> = {}) {
    return this.get<ResponseOf<'http-sync-get', 200>>('/v1/sync', query);
  }
  listMentions(query: { unreadOnly?: boolean; cursor?: string; limit?: number } = {}) {
    const { unreadOnly, ...rest } = query;
    return this.get<ResponseOf<'http-mentions-list', 200>>('/v1/mentions', { ...rest, unreadOnly: unreadOnly === undefined ? undefined : String(unreadOnly) });
  }

  // --- media ---
  /** Step 1 of an upload: a pending media and where to PUT the bytes (see `upload` in media.ts). */
  requestUpload(body: BodyOf<'http-media-upload'>) {
    return this.call<ResponseOf<'http-media-upload', 201>>('POST', '/v1/media', body);
  }
  /** Step 3: the server checks the uploaded bytes; then the media may be attached to a message. */
  completeUpload(mediaId: string) {
    return this.call<ResponseOf<'http-media-complete', 200>>('POST', `/v1/media/${seg(mediaId)}/complete`);
  }
  getMedia(mediaId: string) {
    return this.get<ResponseOf<'http-media-get', 200>>(`/v1/media/${seg(mediaId)}`);
  }

  // --- calls (http-calls-*) ---
  /** Starts a call and rings the other members; the conversation's live call if it has one (200). */
  startCall(body: BodyOf<'http-calls-start'>) {
    return this.call<ResponseOf<'http-calls-start', 201>>('POST', '/v1/calls', body);
  }
  /** A conversation's calls (`conversationId`) or your missed calls (`missed: 'true'`), newest first. */
  listCalls(query: QueryOf<'http-calls-list'>) {
    return this.get<ResponseOf<'http-calls-list', 200>>('/v1/calls', query);
  }
  getCall(callId: string) {
    return this.get<ResponseOf<'http-calls-get', 200>>(`/v1/calls/${seg(callId)}`);
  }
  /** Answers (or rejoins) a call: your credentials for its provider. */
  joinCall(callId: string) {
    return this.call<ResponseOf<'http-calls-join', 200>>('POST', `/v1/calls/${seg(callId)}/join`);
  }
  declineCall(callId: string) {
    return this.call<ResponseOf<'http-calls-decline', 200>>('POST', `/v1/calls/${seg(callId)}/decline`);
  }
  /** Leaves a call; the last one out ends it. */
  leaveCall(callId: string) {
    return this.call<ResponseOf<'http-calls-leave', 200>>('POST', `/v1/calls/${seg(callId)}/leave`);
  }
  /** Ends a call for everyone (its caller, or a conversation owner or admin). */
  endCall(callId: string) {
    return this.call<ResponseOf<'http-calls-end', 200>>('POST', `/v1/calls/${seg(callId)}/end`);
  }

  health() {
    return this.http.request<ResponseOf<'http-health-get', 200>>('GET', '/v1/health');
  }

  private get<T>(path: string, query?: object) {
    return this.http.request<T>('GET', path, { auth: true, query: query as Record<string, string | number | boolean | undefined> });
  }
  private call<T>(method: string, path: string, body?: unknown) {
    return this.http.request<T>(method, path, { auth: true, body });
  }
}
