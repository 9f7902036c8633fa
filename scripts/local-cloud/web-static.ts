import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
};

/** Paths the API, the gateway and the media store own: never answered with the app's index.html. */
const NOT_APP = ['/v1/', '/v1', '/ws', '/media-files/', '/.well-known/'];

/**
 * The app's Content-Security-Policy: scripts and styles only from this origin (Vite emits no inline
 * script), API and WebSocket calls to this origin, images and media also from blob: (local previews of
 * a picked file) and data:. `mediaOrigins` adds where signed media URLs point when that is elsewhere.
 */
export function contentSecurityPolicy(host: string | undefined, mediaOrigins: readonly string[] = []): string {
  const sockets = host ? ` ws://${host} wss://${host}` : '';
  const media = mediaOrigins.length ? ` ${mediaOrigins.join(' ')}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' blob: data:${media}`,
    `media-src 'self' blob: data:${media}`,
    `connect-src 'self'${sockets}${media}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export interface WebStaticOptions {
  /** The built app (dist/web). Read on every request, so a rebuild is served without a restart. */
  dir: string;
  mediaOrigins?: readonly string[];
}

/**
 * Serves the web client: hashed files under assets/ are immutable for a year, everything else
 * (index.html above all) is revalidated on every load so a deploy is picked up at once; an app route
 * such as /c/abc gets index.html (the app routes in the browser). Returns false for what it does not
 * serve, so the caller answers 404 in the API's error shape.
 */
export function webStatic(options: WebStaticOptions): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const root = path.resolve(options.dir);
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const pathname = decodePath(new URL(req.url ?? '/', 'http://local').pathname);
    if (pathname === undefined || NOT_APP.some((p) => pathname === p || pathname.startsWith(p.endsWith('/') ? p : `${p}/`))) return false;
    const file = path.resolve(root, `.${pathname}`);
    if (file !== root && !file.startsWith(root + path.sep)) return false;
    const found = await fileAt(file === root ? path.join(root, 'index.html') : file);
    if (found) return send(req, res, found, pathname.startsWith('/assets/'));
    // A missing asset is a 404 (an old tab asking for a chunk a deploy replaced must not get HTML);
    // an extension-less path is an app route.
    if (pathname.startsWith('/assets/') || path.extname(pathname) !== '') return false;
    const index = await fileAt(path.join(root, 'index.html'));
    return index ? send(req, res, index, false) : false;
  };

  function send(req: IncomingMessage, res: ServerResponse, file: { path: string; size: number }, immutable: boolean): boolean {
    const type = TYPES[path.extname(file.path).toLowerCase()] ?? 'application/octet-stream';
    const headers: Record<string, string> = {
      'content-type': type,
      'content-length': String(file.size),
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    };
    if (type.startsWith('text/html')) headers['content-security-policy'] = contentSecurityPolicy(req.headers.host, options.mediaOrigins);
    res.writeHead(200, headers);
    if (req.method === 'HEAD') res.end();
    else createReadStream(file.path).pipe(res);
    return true;
  }
}

function decodePath(pathname: string): string | undefined {
  try {
    const decoded = decodeURIComponent(pathname);
    return decoded.includes('\0') ? undefined : decoded;
  } catch {
    return undefined;
  }
}

async function fileAt(file: string): Promise<{ path: string; size: number } | undefined> {
  try {
    const s = await stat(file);
    return s.isFile() ? { path: file, size: s.size } : undefined;
  } catch {
    return undefined;
  }
}
