import { z } from 'zod';

// What the providers send, for the OpenAPI document only: webhook routes are `auth: 'signature'`, so
// the body is read as raw bytes (the signature covers them) and checked by the adapters
// (adapters/getstream/webhook.ts, adapters/artc/callback.ts), not parsed with these.

/** A Stream Video event (calls-notes §A8); unknown `type`s are accepted and ignored. */
export const StreamWebhookBody = z
  .object({
    type: z.string().describe('e.g. call.session_participant_joined; unknown types are answered 204 and ignored'),
    created_at: z.string().describe('RFC 3339; what the call facts are dated with (never the arrival time)'),
    call_cid: z.string().optional().describe('default:<providerCallId>'),
  })
  .loose();

export const ArtcCallbackParams = z.object({ secret: z.string().min(1).describe('ARTC_CALLBACK_SECRET') });

/** An ARTC CreateEventSub callback (calls-notes §B5); `ChannelID`/`SubscribeID` spellings are read too. */
export const ArtcCallbackBody = z
  .object({
    MsgId: z.string(),
    MsgTimestamp: z.number().int().optional(),
    SubscribeId: z.string().optional(),
    AppId: z.string(),
    ChannelId: z.string(),
    Contents: z.array(
      z
        .object({
          Event: z.string().describe('UserEvent moves calls; ChannelEvent is read as nothing'),
          UserEvent: z
            .object({
              UserId: z.string(),
              EventTag: z.string().describe('Join and Leave move the call; Publish, Unpublish, Roleupdate do not'),
              Timestamp: z.number().int().describe('Unix seconds'),
            })
            .loose()
            .optional(),
        })
        .loose(),
    ),
  })
  .loose();
