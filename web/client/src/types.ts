/**
 * The shapes the SDK speaks, derived from the server's own definitions with type-only imports
 * (erased at build time, so no server code reaches a bundle): REST bodies and responses from the
 * zod schemas behind routes.ts (the same ones the OpenAPI document is generated from), frames from
 * the gateway's protocol.ts. Nothing here is copied by hand, so a server change that breaks a client
 * breaks this package's typecheck.
 */
import type { z } from 'zod';
import type { routes } from '@chat/core/api/routes';
import type * as auth from '@chat/core/api/auth-schemas';
import type * as chat from '@chat/core/api/chat-schemas';
import type * as media from '@chat/core/api/media-schemas';
import type * as mentions from '@chat/core/api/mention-schemas';
import type { ClientFrame, FrameError, ServerFrame } from '@chat/gateway/protocol';

type Routes = typeof routes;
export type RouteName = keyof Routes;

/** The JSON body a route answers with for `status` (when it has one). */
export type ResponseOf<K extends RouteName, S extends keyof Routes[K]['responses']> = Routes[K]['responses'][S] extends { schema: infer Z extends z.ZodType }
  ? z.output<Z>
  : never;
/** What a caller sends: the input side of the request schemas (defaults may be left out). */
export type BodyOf<K extends RouteName> = Routes[K] extends { body: infer Z extends z.ZodType } ? z.input<Z> : never;
export type QueryOf<K extends RouteName> = Routes[K] extends { query: infer Z extends z.ZodType } ? z.input<Z> : never;

export type Tokens = z.output<typeof auth.Tokens>;
export type OwnUser = z.output<typeof auth.OwnUser>;
export type PublicUser = z.output<typeof auth.PublicUser>;
export type Device = z.output<typeof auth.Device>;
export type ErrorBody = z.output<typeof auth.ErrorBody>;
export type ErrorDetail = ErrorBody['error']['details'][number];

export type MessageView = z.output<typeof chat.MessageView>;
export type AttachmentView = z.output<typeof chat.AttachmentView>;
export type ConversationView = z.output<typeof chat.ConversationView>;
export type ConversationListItem = z.output<typeof chat.ConversationListItem>;
export type SendMessageBody = z.input<typeof chat.SendMessageBody>;
export type CreateConversationBody = z.input<typeof chat.CreateConversationBody>;

export type MediaView = z.output<typeof media.MediaView>;
export type UploadGrant = z.output<typeof media.UploadGrantView>;
export type MediaDownload = z.output<typeof media.MediaDownloadView>;
export type MentionItem = z.output<typeof mentions.MentionItem>;

export type SyncResponse = ResponseOf<'http-sync-get', 200>;

export type { ClientFrame, FrameError, ServerFrame };
export type ServerFrameType = ServerFrame['type'];
/** The server frame of one `type`. */
export type ServerFrameOf<T extends ServerFrameType> = Extract<ServerFrame, { type: T }>;
