import { z } from 'zod';
import type { HttpMethod } from '../runtime/http-function.js';
import * as s from './auth-schemas.js';
import { callRoutes, callWebhookRoutes } from './call-routes.js';
import * as c from './chat-schemas.js';
import { mediaRoutes } from './media-routes.js';
import * as m from './mention-schemas.js';
import { route, type RouteSpec } from './route-spec.js';

export type { RouteAuth, RouteSpec } from './route-spec.js';

/**
 * Every HTTP endpoint, keyed by the FC function (folder under functions/, resource in s.yaml) that
 * serves it. Handlers validate with these schemas and the OpenAPI document is generated from them,
 * so the two cannot drift.
 */
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
  'http-members-update': route({
    method: 'PATCH',
    path: '/v1/conversations/{conversationId}/members/{userId}',
    summary: 'Make a member an admin, or an admin a member (the owner only)',
    auth: 'bearer',
    params: c.MemberParams,
    body: c.MemberRoleBody,
    responses: {
      200: { description: 'the conversation', schema: z.object({ conversation: c.ConversationView }) },
      403: { description: "not the owner, or the owner's own role" },
    },
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
  ...mediaRoutes,
  ...callRoutes,
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
  ...callWebhookRoutes,
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
