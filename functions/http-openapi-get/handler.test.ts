import { describe, expect, it } from 'vitest';
import { call } from '../../test/support/fc-http.js';
import { useChat } from '../../test/support/use-chat.js';
import { handler } from './handler.js';

describe('GET /v1/openapi.json', () => {
  useChat();

  it('serves an OpenAPI 3.1 document with every route and the shared error schema', async () => {
    const res = await call(handler, { method: 'GET', path: '/v1/openapi.json' });
    expect(res.status).toBe(200);
    expect(res.json.openapi).toBe('3.1.0');
    expect(res.json.paths['/v1/auth/register'].post.requestBody.content['application/json'].schema.additionalProperties).toBe(false);
    expect(res.json.paths['/v1/me/devices/{deviceId}'].put.parameters[0]).toMatchObject({ name: 'deviceId', in: 'path', required: true });
    expect(res.json.components.schemas.Error.properties.error).toBeTruthy();
  });
});
