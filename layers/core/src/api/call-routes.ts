import { z } from 'zod';
import * as calls from './call-schemas.js';
import { route } from './route-spec.js';
import * as w from './webhook-schemas.js';

/** The call endpoints (ADR 0017). */
export const callRoutes = {
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
};

/** The providers' webhooks: `signature` routes, bodies left raw for the signature check. */
export const callWebhookRoutes = {
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
};
