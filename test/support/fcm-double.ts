import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { createVerify, generateKeyPairSync, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FcmCredentials } from '@chat/core/adapters/fcm/push-sender';

export interface RecordedRequest {
  /** The host the SDK meant to reach (TLS servername / Host header). */
  host: string;
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** FCM v1 error bodies as Google sends them (google.rpc.Status with an FcmError detail). */
export function fcmError(httpStatus: number, status: string, errorCode: string, message: string) {
  return {
    httpStatus,
    body: { error: { code: httpStatus, message, status, details: [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode }] } },
  };
}

/**
 * A local stand-in for Google's OAuth token endpoint (oauth2.googleapis.com/token) and FCM HTTP v1
 * (fcm.googleapis.com/v1/projects/<id>/messages:send). firebase-admin has no endpoint override for
 * messaging (FCM_SEND_HOST is a constant), but both the credential and the messaging client send
 * through the app's `httpAgent`, so `agent` hands the SDK plain TCP connections to this server
 * whatever host it dials; the Host header still says where the request was meant to go.
 */
export async function startFcmDouble(projectId = 'chat-test') {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const credentials: FcmCredentials = {
    projectId,
    clientEmail: `push@${projectId}.iam.gserviceaccount.com`,
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
  const requests: RecordedRequest[] = [];
  const issuedTokens: string[] = [];
  /** token → the error FCM answers for it. */
  const failures = new Map<string, ReturnType<typeof fcmError>>();
  const assertionProblems: string[] = [];
  let sent = 0;

  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const recorded = { host: String(req.headers.host), method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
      requests.push(recorded);
      const reply = (status: number, json: unknown) => res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' }).end(JSON.stringify(json));
      if (recorded.host === 'oauth2.googleapis.com' && recorded.path === '/token') {
        const problem = checkAssertion(new URLSearchParams(body), publicKey, credentials.clientEmail);
        if (problem) {
          assertionProblems.push(problem);
          return reply(400, { error: 'invalid_grant', error_description: problem });
        }
        const token = `ya29.double-${randomUUID()}`;
        issuedTokens.push(token);
        return reply(200, { access_token: token, expires_in: 3599, token_type: 'Bearer' });
      }
      if (recorded.host === 'fcm.googleapis.com' && recorded.path === `/v1/projects/${projectId}/messages:send`) {
        if (!issuedTokens.some((t) => req.headers.authorization === `Bearer ${t}`))
          return reply(401, fcmError(401, 'UNAUTHENTICATED', 'THIRD_PARTY_AUTH_ERROR', 'Request had invalid authentication credentials.').body);
        const token = (JSON.parse(body) as { message?: { token?: string } }).message?.token ?? '';
        const failure = failures.get(token);
        if (failure) return reply(failure.httpStatus, failure.body);
        return reply(200, { name: `projects/${projectId}/messages/${++sent}` });
      }
      reply(404, { error: { code: 404, message: `the double does not serve ${recorded.host}${recorded.path}`, status: 'NOT_FOUND' } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  // Every connection the SDK opens, whatever host it asked for, goes to this server.
  class DialTheDouble extends https.Agent {
    override createConnection(): net.Socket {
      return net.connect({ host: '127.0.0.1', port });
    }
  }
  const agent = new DialTheDouble({ keepAlive: true });

  return {
    credentials,
    agent,
    requests,
    issuedTokens,
    failures,
    assertionProblems,
    sends: () => requests.filter((r) => r.host === 'fcm.googleapis.com'),
    async close() {
      agent.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Checks the JWT-bearer grant the service account signs (RFC 7523) the way Google does: signature, iss, aud, exp. */
function checkAssertion(form: URLSearchParams, publicKey: import('node:crypto').KeyObject, clientEmail: string): string | undefined {
  if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') return `unexpected grant_type ${form.get('grant_type')}`;
  const [header, payload, signature] = (form.get('assertion') ?? '').split('.');
  if (!header || !payload || !signature) return 'assertion is not a JWT';
  const verifier = createVerify('RSA-SHA256').update(`${header}.${payload}`);
  if (!verifier.verify(publicKey, Buffer.from(signature, 'base64url'))) return 'bad signature';
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iss?: string; aud?: string; scope?: string; exp?: number };
  if (claims.iss !== clientEmail) return `iss ${claims.iss}`;
  if (claims.aud !== 'https://oauth2.googleapis.com/token') return `aud ${claims.aud}`;
  if (!claims.scope?.split(' ').includes('https://www.googleapis.com/auth/firebase.messaging')) return `scope ${claims.scope}`;
  if (!claims.exp || claims.exp * 1000 < Date.now()) return 'expired';
  return undefined;
}
