import { z } from 'zod';
import type { HttpMethod } from '../runtime/http-function.js';
import * as s from './auth-schemas.js';

/**
 * Every HTTP endpoint, keyed by the FC function (folder under functions/, resource in s.yaml) that
 * serves it. Handlers validate with these schemas and the OpenAPI document is generated from them,
 * so the two cannot drift.
 */
export interface RouteSpec {
  method: HttpMethod;
  path: string;
  summary: string;
  auth: boolean;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  responses: Record<number, { description: string; schema?: z.ZodType }>;
}

const route = <R extends RouteSpec>(r: R) => r;

export const routes = {
  'http-auth-register': route({
    method: 'POST', path: '/v1/auth/register', summary: 'Create an account and log in', auth: false, body: s.RegisterBody,
    responses: { 201: { description: 'registered', schema: z.object({ user: s.OwnUser, tokens: s.Tokens }) }, 409: { description: 'username or e-mail taken' } },
  }),
  'http-auth-login': route({
    method: 'POST', path: '/v1/auth/login', summary: 'Log in with username or e-mail', auth: false, body: s.LoginBody,
    responses: { 200: { description: 'logged in', schema: z.object({ user: s.OwnUser, tokens: s.Tokens }) }, 401: { description: 'wrong login or password' }, 429: { description: 'too many failed attempts; see Retry-After' } },
  }),
  'http-auth-refresh': route({
    method: 'POST', path: '/v1/auth/refresh', summary: 'Rotate the refresh token and get a new access token', auth: false, body: s.RefreshBody,
    responses: { 200: { description: 'new tokens', schema: z.object({ tokens: s.Tokens }) }, 401: { description: 'unknown, expired or reused token (reuse revokes the session)' } },
  }),
  'http-auth-logout': route({
    method: 'POST', path: '/v1/auth/logout', summary: 'End the session of a refresh token', auth: false, body: s.RefreshBody,
    responses: { 204: { description: 'logged out' } },
  }),
  'http-me-get': route({
    method: 'GET', path: '/v1/me', summary: 'Your profile and notification settings', auth: true,
    responses: { 200: { description: 'profile', schema: z.object({ user: s.OwnUser }) } },
  }),
  'http-me-update': route({
    method: 'PATCH', path: '/v1/me', summary: 'Change display name or notification settings', auth: true, body: s.UpdateMeBody,
    responses: { 200: { description: 'updated profile', schema: z.object({ user: s.OwnUser }) } },
  }),
  'http-users-search': route({
    method: 'GET', path: '/v1/users', summary: 'Find users by username prefix', auth: true, query: s.SearchUsersQuery,
    responses: { 200: { description: 'matching users', schema: z.object({ items: z.array(s.PublicUser) }) } },
  }),
  'http-devices-put': route({
    method: 'PUT', path: '/v1/me/devices/{deviceId}', summary: 'Register or update a push device', auth: true, params: s.DeviceParams, body: s.PutDeviceBody,
    responses: { 200: { description: 'registered device', schema: z.object({ device: s.Device }) } },
  }),
  'http-devices-delete': route({
    method: 'DELETE', path: '/v1/me/devices/{deviceId}', summary: 'Remove a push device', auth: true, params: s.DeviceParams,
    responses: { 204: { description: 'removed' }, 404: { description: 'no such device' } },
  }),
  'http-jwks-get': route({
    method: 'GET', path: '/.well-known/jwks.json', summary: 'Public keys that verify access tokens', auth: false,
    responses: { 200: { description: 'JSON Web Key Set', schema: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }) } },
  }),
  'http-health-get': route({
    method: 'GET', path: '/v1/health', summary: 'Liveness and per-dependency readiness', auth: false,
    responses: {
      200: { description: 'all dependencies ready', schema: z.object({ status: z.enum(['ok', 'degraded']), checks: z.record(z.string(), z.object({ ok: z.boolean(), ms: z.number() })) }) },
      503: { description: 'a dependency is not ready' },
    },
  }),
  'http-openapi-get': route({
    method: 'GET', path: '/v1/openapi.json', summary: 'This API as an OpenAPI 3.1 document', auth: false,
    responses: { 200: { description: 'OpenAPI document' } },
  }),
} satisfies Record<string, RouteSpec>;

export type FunctionName = keyof typeof routes;
