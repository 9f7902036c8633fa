import https from 'node:https';
import { randomUUID } from 'node:crypto';
import { deleteApp, initializeApp, type App, type Credential } from 'firebase-admin/app';
import { getMessaging, type Messaging } from 'firebase-admin/messaging';
import { JWT } from 'google-auth-library';
import type { PushNotification } from '../../domain/notify/push.js';
import type { PushOutcome, PushSender, PushTarget } from '../../ports/push-sender.js';
import { toFcmMessage } from './fcm-message.js';

export interface FcmCredentials {
  projectId: string;
  clientEmail: string;
  privateKey: string;
}

export interface FcmOptions {
  /**
   * Carries both the OAuth token request and the FCM sends. Default: a keep-alive agent, so a warm
   * function reuses its TLS connections. Tests pass one that leads to a local double.
   */
  httpAgent?: https.Agent;
}

// Tokens FCM will never deliver to again; the registration is pruned.
const DEAD_TOKEN = new Set(['messaging/registration-token-not-registered', 'messaging/invalid-registration-token']);
// Worth another attempt later: FCM or the network is having a moment, or we are over quota.
const TRANSIENT = new Set([
  'messaging/server-unavailable',
  'messaging/internal-error',
  'messaging/message-rate-exceeded',
  'messaging/device-message-rate-exceeded',
  'messaging/unknown-error',
  'app/network-error',
  'app/network-timeout',
  // Fetching the OAuth token failed: usually the token endpoint, not the key.
  'app/invalid-credential',
]);

/**
 * The service-account credential, as firebase-admin's `cert()` builds it (google-auth-library's
 * JWT-bearer grant), but with our agent: `cert(object, agent)` drops the agent for the token request
 * (firebase/firebase-admin-node#2960), which would leave that one request outside keep-alive,
 * proxies and tests. Scoped to FCM only, where `cert()` asks for five scopes.
 */
export function serviceAccountCredential(credentials: FcmCredentials, httpAgent: https.Agent): Credential {
  const jwt = new JWT({
    email: credentials.clientEmail,
    key: credentials.privateKey,
    scopes: ['https://www.googleapis.com/auth/firebase.messaging'],
    transporterOptions: { agent: httpAgent },
  });
  return {
    async getAccessToken() {
      const { token } = await jwt.getAccessToken();
      if (!token) throw new Error('the token endpoint returned no access token');
      // firebase-admin caches the token until shortly before this many seconds have passed.
      const expiresAt = jwt.credentials.expiry_date ?? Date.now() + 3_000_000;
      return { access_token: token, expires_in: Math.max(0, Math.floor((expiresAt - Date.now()) / 1000)) };
    },
  };
}

export function classifyFcmError(error: unknown): PushOutcome {
  const code = (error as { code?: unknown })?.code;
  const reason = `${typeof code === 'string' ? code : 'error'}: ${(error as Error)?.message ?? String(error)}`;
  if (typeof code !== 'string') return { status: 'retry', reason };
  if (DEAD_TOKEN.has(code)) return { status: 'invalid-token', reason };
  // FCM answers INVALID_ARGUMENT both for a malformed token and for a bad payload; only the first
  // is the token's fault ("The registration token is not a valid FCM registration token").
  if (code === 'messaging/invalid-argument') return /registration token/i.test(reason) ? { status: 'invalid-token', reason } : { status: 'failed', reason };
  return TRANSIENT.has(code) ? { status: 'retry', reason } : { status: 'failed', reason };
}

/**
 * FCM HTTP v1 through firebase-admin. One `messages:send` request per device: FCM v1 has no batch
 * endpoint, and `send` runs over the SDK's HTTP/1.1 client, which honours `httpAgent`. (`sendEach`
 * sends the same requests but over a fresh HTTP/2 session per call, which can neither reuse
 * connections across warm invocations nor be pointed anywhere but fcm.googleapis.com.)
 */
export class FcmPushSender implements PushSender {
  private constructor(
    private readonly app: App,
    private readonly messaging: Messaging,
  ) {}

  static create(credentials: FcmCredentials, options: FcmOptions = {}): FcmPushSender {
    const httpAgent = options.httpAgent ?? new https.Agent({ keepAlive: true, maxSockets: 32 });
    const app = initializeApp(
      { credential: serviceAccountCredential(credentials, httpAgent), projectId: credentials.projectId, httpAgent },
      // A unique name: several senders (tests, reconfiguration) may live in one process.
      `fc-chat-${randomUUID()}`,
    );
    return new FcmPushSender(app, getMessaging(app));
  }

  async send(push: PushNotification, targets: readonly PushTarget[]): Promise<PushOutcome[]> {
    const settled = await Promise.allSettled(targets.map((t) => this.messaging.send(toFcmMessage(push, t))));
    return settled.map((s): PushOutcome => (s.status === 'fulfilled' ? { status: 'sent' } : classifyFcmError(s.reason)));
  }

  async close(): Promise<void> {
    await deleteApp(this.app);
  }
}
