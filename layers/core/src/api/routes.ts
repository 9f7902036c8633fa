import { z } from 'zod';
import type { HttpMethod } from '../runtime/http-function.js';
import * as s from './auth-schemas.js';
import * as c from './chat-schemas.js';
import * as m from './mention-schemas.js';
import * as media from './media-schemas.js';
import * as calls from './call-schemas.js';
import * as w from './webhook-schemas.js';

/**
 * Every HTTP endpoint, keyed by the FC function (folder under functions/, resource in s.yaml) that
 * serves it. Handlers validate with these schemas and the OpenAPI document is generated from them,
 * so the two cannot drift.
 */
export type RouteAuth = 'none' | 'bearer' | 'signature' | 'token';

export interface RouteSpec {
  method: HttpMethod;
  path: string;
  summary: string;
  /**
   * Who may call it: `bearer` (an access token; the handler gets the caller as `me`), `none`, or
   * a credential the handler checks itself from the raw request: `signature` (provider webhooks:
   * the body is left unparsed, since the signature covers its exact bytes) or `token` (a signed
   * link, such as unsubscribe).
   */
  auth: RouteAuth;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  responses: Record<number, { description: string; schema?: z.ZodType }>;
}

const route = <R extends RouteSpec>(r: R) => r;

export const routes = {
  'http-auth-register': route({
    method: 'POST',
    path: '/v1/auth/register',
    summary: 'Create an account and log in',
    auth: 'none',
    body: s.RegisterBody,
    responses: {
      201: { description: 'registered', schema: z.object({ user: s.OwnUser, tokens: s.Tokens }) },
      409: { description: 'username or e-mail taken' },
    },
  }),
  'http-auth-login': route({
    method: 'POST',
    path: '/v1/auth/login',
    summary: 'Log in with username or e-mail',
    auth: 'none',
    body: s.LoginBody,
    responses: {
      200: { description: 'logged in', schema: z.object({ user: s.OwnUser, tokens: s.Tokens }) },
      401: { description: 'wrong login or password' },
      429: { description: 'too many failed attempts; see Retry-After' },
    },
  }),
  'http-auth-refresh': route({
    method: 'POST',
    path: '/v1/auth/refresh',
    summary: 'Rotate the refresh token and get a new access token',
    auth: 'none',
    body: s.RefreshBody,
    responses: {
      200: { description: 'new tokens', schema: z.object({ tokens: s.Tokens }) },
      401: { description: 'unknown, expired or reused token (reuse revokes the session)' },
    },
  }),
  'http-auth-logout': route({
    method: 'POST',
    path: '/v1/auth/logout',
    summary: 'End the session of a refresh token',
    auth: 'none',
    body: s.RefreshBody,
    responses: { 204: { description: 'logged out' } },
  }),
  'http-me-get': route({
    method: 'GET',
    path: '/v1/me',
    summary: 'Your profile and notification settings',
    auth: 'bearer',
    responses: { 200: { description: 'profile', schema: z.object({ user: s.OwnUser }) } },
  }),
  'http-me-update': route({
    method: 'PATCH',
    path: '/v1/me',
    summary: 'Change display name or notification settings',
    auth: 'bearer',
    body: s.UpdateMeBody,
    responses: { 200: { description: 'updated profile', schema: z.object({ user: s.OwnUser }) } },
  }),
  'http-users-search': route({
    method: 'GET',
    path: '/v1/users',
    summary: 'Find users by username prefix, or get them by id',
    auth: 'bearer',
    query: s.SearchUsersQuery,
    responses: { 200: { description: 'matching users', schema: z.object({ items: z.array(s.PublicUser) }) } },
  }),
  'http-devices-put': route({
    method: 'PUT',
    path: '/v1/me/devices/{deviceId}',
    summary: 'Register or update a push device',
    auth: 'bearer',
    params: s.DeviceParams,
    body: s.PutDeviceBody,
    responses: { 200: { description: 'registered device', schema: z.object({ device: s.Device }) } },
  }),
  'http-devices-delete': route({
    method: 'DELETE',
    path: '/v1/me/devices/{deviceId}',
    summary: 'Remove a push device',
    auth: 'bearer',
    params: s.DeviceParams,
    responses: { 204: { description: 'removed' }, 404: { description: 'no such device' } },
  }),
  'http-jwks-get': route({
    method: 'GET',
    path: '/.well-known/jwks.json',
    summary: 'Public keys that verify access tokens',
    auth: 'none',
    responses: { 200: { description: 'JSON Web Key Set', schema: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }) } },
  }),
  'http-health-get': route({
    method: 'GET',
    path: '/v1/health',
    summary: 'Liveness and per-dependency readiness',
    auth: 'none',
    responses: {
      200: {
        description: 'all dependencies ready',
        schema: z.object({ status: z.enum(['ok', 'degraded']), checks: z.record(z.string(), z.object({ ok: z.boolean(), ms: z.number() })) }),
      },
      503: { description: 'a dependency is not ready' },
    },
  }),
  'http-conversations-create': route({
    method: 'POST',
    path: '/v1/conversations',
    summary: 'Open a direct conversation or create a group',
    auth: 'bearer',
    body: c.CreateConversationBody,
    responses: {
      201: { description: 'created', schema: z.object({ conversation: c.ConversationView }) },
      200: { description: 'the existing direct conversation of this pair', schema: z.object({ conversation: c.ConversationView }) },
    },
  }),
  'http-conversations-list': route({
    method: 'GET',
    path: '/v1/conversations',
    summary: 'Your conversations, most recent activity first',
    auth: 'bearer',
    query: c.ListConversationsQuery,
    responses: {
      200: { description: 'a page of conversations', schema: z.object({ items: z.array(c.ConversationListItem), nextCursor: z.string().nullable() }) },
    },
  }),
  'http-conversations-get': route({
    method: 'GET',
    path: '/v1/conversations/{conversationId}',
    summary: 'One conversation with its members',
    auth: 'bearer',
    params: c.ConversationParams,
    responses: {
      200: { description: 'the conversation', schema: z.object({ conversation: c.ConversationView }) },
      404: { description: 'no such conversation, or you are not a member' },
    },
  }),
  'http-conversations-update': route({
    method: 'PATCH',
    path: '/v1/conversations/{conversationId}',
    summary: 'Rename a group (owner or admin)',
    auth: 'bearer',
    params: c.ConversationParams,
    body: c.UpdateConversationBody,
    responses: {
      200: { description: 'the conversation', schema: z.object({ conversation: c.ConversationView }) },
      403: { description: 'not an owner or admin' },
    },
  }),
  'http-members-add': route({
    method: 'POST',
    path: '/v1/conversations/{conversationId}/members',
    summary: 'Add members to a group (owner or admin)',
    auth: 'bearer',
    params: c.ConversationParams,
    body: c.AddMembersBody,
    responses: {
      200: { description: 'the conversation and who was added', schema: z.object({ conversation: c.ConversationView, added: z.array(z.string()) }) },
      403: { description: 'not an owner or admin' },
    },
  }),
  'http-members-remove': route({
    method: 'DELETE',
    path: '/v1/conversations/{conversationId}/members/{userId}',
    summary: 'Remove a member, or leave',
    auth: 'bearer',
    params: c.MemberParams,
    responses: { 204: { description: 'removed' }, 403: { description: 'not allowed to remove this member' } },
  }),
  'http-read-marker-put': route({
    method: 'PUT',
    path: '/v1/conversations/{conversationId}/read',
    summary: 'Move your read marker forward',
    auth: 'bearer',
    params: c.ConversationParams,
    body: c.ReadBody,
    responses: {
      200: { description: 'the resulting marker (never lower than before)', schema: z.object({ conversationId: z.string(), seq: z.number().int() }) },
    },
  }),
  'http-conversations-mute': route({
    method: 'PUT',
    path: '/v1/conversations/{conversationId}/mute',
    summary: 'Mute or unmute push notifications of a conversation (mentions of you still notify)',
    auth: 'bearer',
    params: c.ConversationParams,
    body: z.strictObject({ muted: z.boolean() }),
    responses: {
      200: { description: 'the resulting setting', schema: z.object({ conversationId: z.string(), muted: z.boolean() }) },
      404: { description: 'no such conversation, or you are not a member' },
    },
  }),
  'http-media-upload': route({
    method: 'POST',
    path: '/v1/media',
    summary: 'Ask for an upload grant: where and how to upload one file (members of the conversation only)',
    auth: 'bearer',
    body: media.UploadRequestBody,
    responses: {
      201: { description: 'a pending media and its upload grant', schema: media.UploadGrantView },
      404: { description: 'no such conversation (or not a member)' },
      413: { description: 'over MEDIA_MAX_BYTES (media_too_large)' },
      415: { description: 'a type that cannot be shared (media_type_not_allowed)' },
      429: { description: 'too many grants this hour; see Retry-After' },
    },
  }),
  'http-media-complete': route({
    method: 'POST',
    path: '/v1/media/{mediaId}/complete',
    summary: 'Verify an upload (real size and type) and make it shareable; idempotent',
    auth: 'bearer',
    params: media.MediaParams,
    responses: {
      200: { description: 'verified', schema: z.object({ media: media.MediaView }) },
      400: { description: 'the file is not what was declared (media_mismatch); it is deleted' },
      404: { description: 'no such upload of yours' },
      409: { description: 'nothing uploaded yet (media_not_uploaded), or the upload was rejected' },
    },
  }),
  'http-media-get': route({
    method: 'GET',
    path: '/v1/media/{mediaId}',
    summary: 'A media and short-lived download URLs (members only)',
    auth: 'bearer',
    params: media.MediaParams,
    responses: {
      200: { description: 'the media; `url` once it may be served', schema: media.MediaDownloadView },
      404: { description: 'no such media (or not a member)' },
    },
  }),
  'http-calls-start': route({
    method: 'POST',
    path: '/v1/calls',
    summary: 'Start a call in a conversation and ring the other members (or get its live call)',
    auth: 'bearer',
    body: calls.StartCallBody,
    responses: {
      201: { description: 'started: the call and your credentials for its provider', schema: calls.CallWithCredentials },
      200: { description: 'the conversation already has a live call: that one, with your credentials', schema: calls.CallWithCredentials },
      400: { description: 'audio in a group conversation, or more members than CALL_MAX_PARTICIPANTS' },
      404: { description: 'no such conversation (or not a member)' },
    },
  }),
  'http-calls-list': route({
    method: 'GET',
    path: '/v1/calls',
    summary: "A conversation's calls (conversationId=) or your missed calls (missed=true), newest first",
    auth: 'bearer',
    query: calls.ListCallsQuery,
    responses: {
      200: { description: 'a page of calls', schema: calls.CallPageView },
      404: { description: 'no such conversation (or not a member)' },
    },
  }),
  'http-calls-get': route({
    method: 'GET',
    path: '/v1/calls/{callId}',
    summary: 'A call (members of its conversation only)',
    auth: 'bearer',
    params: calls.CallParams,
    responses: { 200: { description: 'the call', schema: z.object({ call: calls.CallView }) }, 404: { description: 'no such call (or not a member)' } },
  }),
  'http-calls-join': route({
    method: 'POST',
    path: '/v1/calls/{callId}/join',
    summary: 'Join (answer) a call: your credentials for its provider',
    auth: 'bearer',
    params: calls.CallParams,
    responses: {
      200: { description: 'joined', schema: calls.CallWithCredentials },
      404: { description: 'no such call (or not a member)' },
      409: { description: 'the call has ended' },
    },
  }),
  'http-calls-decline': route({
    method: 'POST',
    path: '/v1/calls/{callId}/decline',
    summary: 'Decline a ringing call (in a direct conversation this ends it as declined)',
    auth: 'bearer',
    params: calls.CallParams,
    responses: {
      200: { description: 'declined (or already over)', schema: z.object({ call: calls.CallView }) },
      403: { description: 'the caller cannot decline their own call' },
      404: { description: 'no such call (or not a member)' },
    },
  }),
  'http-calls-leave': route({
    method: 'POST',
    path: '/v1/calls/{callId}/leave',
    summary: 'Leave a call; the last one out ends it',
    auth: 'bearer',
    params: calls.CallParams,
    responses: { 200: { description: 'left', schema: z.object({ call: calls.CallView }) }, 404: { description: 'no such call (or not a member)' } },
  }),
  'http-calls-end': route({
    method: 'POST',
    path: '/v1/calls/{callId}/end',
    summary: 'End a call for everyone (the caller, or an owner or admin of the conversation); idempotent',
    auth: 'bearer',
    params: calls.CallParams,
    responses: {
      200: { description: 'ended', schema: z.object({ call: calls.CallView }) },
      403: { description: 'neither the caller nor a conversation admin' },
      404: { description: 'no such call (or not a member)' },
    },
  }),
  'http-messages-send': route({
    method: 'POST',
    path: '/v1/conversations/{conversationId}/messages',
    summary: 'Send a message (idempotent by clientMsgId)',
    auth: 'bearer',
    params: c.ConversationParams,
    body: c.SendMessageBody,
    responses: {
      201: { description: 'stored', schema: z.object({ message: c.MessageView }) },
      200: { description: 'a retry: the original message', schema: z.object({ message: c.MessageView }) },
    },
  }),
  'http-messages-list': route({
    method: 'GET',
    path: '/v1/conversations/{conversationId}/messages',
    summary: 'History, paged by seq',
    auth: 'bearer',
    params: c.ConversationParams,
    query: c.HistoryQuery,
    responses: { 200: { description: 'messages in seq order', schema: z.object({ items: z.array(c.MessageView), hasMore: z.boolean() }) } },
  }),
  'http-messages-edit': route({
    method: 'PATCH',
    path: '/v1/conversations/{conversationId}/messages/{seq}',
    summary: 'Edit your message',
    auth: 'bearer',
    params: c.MessageParams,
    body: c.EditMessageBody,
    responses: { 200: { description: 'the edited message', schema: z.object({ message: c.MessageView }) }, 403: { description: 'not the author' } },
  }),
  'http-messages-delete': route({
    method: 'DELETE',
    path: '/v1/conversations/{conversationId}/messages/{seq}',
    summary: 'Delete a message (author, or group admin); leaves a tombstone',
    auth: 'bearer',
    params: c.MessageParams,
    responses: { 200: { description: 'the tombstone', schema: z.object({ message: c.MessageView }) } },
  }),
  'http-reactions-put': route({
    method: 'PUT',
    path: '/v1/conversations/{conversationId}/messages/{seq}/reactions/{emoji}',
    summary: 'React to a message',
    auth: 'bearer',
    params: c.ReactionParams,
    responses: { 200: { description: 'the message', schema: z.object({ message: c.MessageView }) } },
  }),
  'http-reactions-delete': route({
    method: 'DELETE',
    path: '/v1/conversations/{conversationId}/messages/{seq}/reactions/{emoji}',
    summary: 'Take your reaction back',
    auth: 'bearer',
    params: c.ReactionParams,
    responses: { 200: { description: 'the message', schema: z.object({ message: c.MessageView }) } },
  }),
  'http-sync-get': route({
    method: 'GET',
    path: '/v1/sync',
    summary: 'Everything that changed for you since the cursor',
    auth: 'bearer',
    query: c.SyncQuery,
    responses: {
      200: {
        description: 'changes and the next cursor',
        schema: z.object({
          messages: z.array(c.MessageView),
          readMarkers: z.array(z.object({ conversationId: z.string(), userId: z.string(), seq: z.number().int() })),
          memberships: z.array(z.object({ conversationId: z.string(), userId: z.string(), action: z.enum(['added', 'removed']), at: z.string() })),
          cursor: z.string(),
          hasMore: z.boolean(),
        }),
      },
    },
  }),
  'http-mentions-list': route({
    method: 'GET',
    path: '/v1/mentions',
    summary: 'Your @mentions, newest first',
    auth: 'bearer',
    query: m.ListMentionsQuery,
    responses: { 200: { description: 'a page of mentions', schema: z.object({ items: z.array(m.MentionItem), nextCursor: z.string().nullable() }) } },
  }),
  'http-email-unsubscribe': route({
    method: 'POST',
    path: '/v1/email/unsubscribe',
    summary: 'One-click unsubscribe from e-mail notifications (RFC 8058; token from the e-mail)',
    auth: 'token',
    query: m.UnsubscribeQuery,
    responses: {
      200: { description: 'e-mail notifications are off', schema: z.object({ emailNotifications: z.literal('off') }) },
      400: { description: 'missing or invalid token' },
    },
  }),
  'http-email-unsubscribe-get': route({
    method: 'GET',
    path: '/v1/email/unsubscribe',
    summary: 'The unsubscribe link of a notification e-mail: turns e-mail notifications off',
    auth: 'token',
    query: m.UnsubscribeQuery,
    responses: { 200: { description: 'an HTML page confirming that e-mail notifications are off' }, 400: { description: 'missing or invalid token' } },
  }),
  'http-webhooks-getstream': route({
    method: 'POST',
    path: '/v1/webhooks/getstream',
    summary:
      'Stream Video webhook. X-SIGNATURE: hex HMAC-SHA256 of the raw (gunzipped) body with the API secret; X-API-KEY: our key; redeliveries (same X-WEBHOOK-ID and body) have no second effect',
    auth: 'signature',
    body: w.StreamWebhookBody,
    responses: {
      204: { description: 'applied, or nothing to do (an unknown event type, a call we do not know, a redelivery)' },
      400: { description: 'the body is not JSON, not gzip it claims to be, or an event without the fields its type has' },
      401: { description: 'bad or missing X-SIGNATURE, or X-API-KEY is not ours' },
      404: { description: 'Stream is not configured here' },
      413: { description: 'the body (after gunzip) is over CALL_WEBHOOK_MAX_BODY_BYTES' },
    },
  }),
  'http-webhooks-artc': route({
    method: 'POST',
    path: '/v1/webhooks/artc/{secret}',
    summary:
      'ARTC event callback (CreateEventSub CallbackUrl). ARTC signs nothing: the path carries ARTC_CALLBACK_SECRET; AppId must be ours; redeliveries (same SubscribeId and MsgId) have no second effect',
    auth: 'signature',
    params: w.ArtcCallbackParams,
    body: w.ArtcCallbackBody,
    responses: {
      204: { description: 'applied, or nothing to do (no UserEvent, a channel we do not know, a redelivery)' },
      400: { description: 'the body is not JSON or not a callback (no MsgId, ChannelId, Contents, or a UserEvent without UserId/EventTag)' },
      401: { description: 'wrong secret in the path, or AppId is not ours' },
      404: { description: 'ARTC is not configured here' },
      413: { description: 'the body is over CALL_WEBHOOK_MAX_BODY_BYTES' },
    },
  }),
  'http-openapi-get': route({
    method: 'GET',
    path: '/v1/openapi.json',
    summary: 'This API as an OpenAPI 3.1 document',
    auth: 'none',
    responses: { 200: { description: 'OpenAPI document' } },
  }),
} satisfies Record<string, RouteSpec>;

export type FunctionName = keyof typeof routes;

/** The methods served on one path (several functions can share it), for CORS preflights. */
export function methodsOnPath(path: string): HttpMethod[] {
  return Object.values(routes as Record<string, RouteSpec>)
    .filter((r) => r.path === path)
    .map((r) => r.method);
}
