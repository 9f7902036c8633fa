import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webStatic } from './web-static.js';

describe('webStatic: the built app at / on the API origin', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'web-static-'));
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(path.join(dir, 'assets', 'index-AbC123.js'), 'console.log(1)');
    writeFileSync(path.join(dir, 'assets', 'index-AbC123.css'), 'body{}');
    writeFileSync(path.join(dir, '..', 'secret.txt'), 'outside');
    const web = webStatic({ dir });
    server = createServer((req, res) => {
      void web(req, res).then((served) => {
        if (!served) res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"route_not_found"}}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('serves index.html with no-cache and a CSP that allows only this origin (and its WebSocket)', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://${new URL(base).host} wss://${new URL(base).host}`);
    expect(csp).toContain("img-src 'self' blob: data:");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(await res.text()).toContain('<title>app</title>');
  });

  it('serves hashed assets as immutable with their content types', async () => {
    const js = await fetch(`${base}/assets/index-AbC123.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(js.headers.get('content-security-policy')).toBeNull();
    expect(await js.text()).toBe('console.log(1)');
    const css = await fetch(`${base}/assets/index-AbC123.css`, { method: 'HEAD' });
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.headers.get('content-length')).toBe('6');
  });

  it('answers app routes with index.html but leaves missing assets, API paths and other methods alone', async () => {
    const route = await fetch(`${base}/c/conv_123`);
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<title>app</title>');
    for (const p of ['/assets/index-gone.js', '/favicon.png', '/v1/nothing', '/v1', '/ws', '/media-files/x', '/.well-known/x']) {
      expect((await fetch(base + p)).status, p).toBe(404);
    }
    expect((await fetch(`${base}/`, { method: 'POST' })).status).toBe(404);
  });

  it('never serves a file outside its directory', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/%00']) {
      const res = await fetch(base + p);
      expect(await res.text(), p).not.toContain('outside');
    }
  });
});
