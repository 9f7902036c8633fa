import { createHash } from 'node:crypto';

export interface ArtcTokenInput {
  appId: string;
  appKey: string;
  channelId: string;
  userId: string;
  /** Alibaba recommends an empty nonce (the legacy `AK-` prefix belongs to the old RTC product). */
  nonce?: string;
  /** Expiry in Unix seconds, at most 24 h ahead. */
  timestamp: number;
}

/**
 * ARTC's multi-parameter join token (calls-notes §B4): hex SHA-256 over the values concatenated in
 * this order, with no separators. The AppKey never leaves the server; the client gets only the hash.
 */
export function artcToken(input: ArtcTokenInput): string {
  const { appId, appKey, channelId, userId, nonce = '', timestamp } = input;
  return createHash('sha256').update(`${appId}${appKey}${channelId}${userId}${nonce}${timestamp}`).digest('hex');
}

/**
 * The single-parameter form (`joinChannel(joinToken)`): base64 of a JSON object with exactly the keys
 * the ARTC web SDK 7.3.3 reads after `JSON.parse(atob(token))`. The AppKey is not in it.
 */
export function artcJoinToken(input: ArtcTokenInput): string {
  const token = artcToken(input);
  const json = JSON.stringify({
    appid: input.appId,
    channelid: input.channelId,
    userid: input.userId,
    nonce: input.nonce ?? '',
    timestamp: input.timestamp,
    token,
  });
  return Buffer.from(json, 'utf8').toString('base64');
}

/** ARTC channel and user ids: letters, digits, `-` and `_`, at most 64 characters (§B4). */
export const ARTC_ID = /^[A-Za-z0-9_-]{1,64}$/;
