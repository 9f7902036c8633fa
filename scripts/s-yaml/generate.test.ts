import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { routes } from '@chat/core/api/routes';
import { HEADER, renderSYaml, TEMPLATE_FILE, type RouteTable } from './generate.js';

interface Rendered {
  template: { chatFunction: { environmentVariables: Record<string, string> } };
  resources: Record<
    string,
    { component: string; extend?: { name: string }; props: Record<string, unknown> & { triggers?: { triggerConfig: Record<string, unknown> }[] } }
  >;
}
const render = (template: string, table: RouteTable) => parse(renderSYaml(template, table)) as Rendered;

const template = readFileSync(TEMPLATE_FILE, 'utf8');
// The smallest template the generator accepts, for rules the real one does not exercise.
const minimal = (functions: string, kinds = 'http: {}\n  invoke: {}\n  queue: {}\n  timer: {}') => `# about the template

# about s.yaml
edition: 3.0.0
template:
  chatFunction:
    runtime: nodejs20
    environmentVariables:
      NODE_ENV: production
      LOG_LEVEL: info
kinds:
  ${kinds}
functions:
${functions}
resources: {}
`;

describe('renderSYaml on the project template', () => {
  const withNewRoute: RouteTable = { ...routes, 'http-stickers-upload': { method: 'POST', path: '/v1/conversations/{conversationId}/stickers' } };
  const out = render(template, withNewRoute);

  it('gives a new route an fc3 resource with an http trigger for its method and a domain route', () => {
    expect(out.resources['http-stickers-upload']).toEqual({
      component: 'fc3',
      extend: { name: 'chatFunction' },
      props: {
        functionName: '${vars.prefix}-http-stickers-upload',
        description: 'POST /v1/conversations/*/stickers',
        code: './dist/functions/http-stickers-upload',
        triggers: [
          { triggerName: 'http', triggerType: 'http', triggerConfig: { authType: 'anonymous', disableURLInternet: true, methods: ['POST', 'OPTIONS'] } },
        ],
      },
    });
    const domain = out.resources['api-domain']!.props.routeConfig as { routes: unknown[] };
    expect(domain.routes.at(-1)).toEqual({
      functionName: '${vars.prefix}-http-stickers-upload',
      path: '/v1/conversations/*/stickers',
      methods: ['POST', 'OPTIONS'],
    });
    expect(domain.routes).toHaveLength(Object.keys(withNewRoute).length);
  });

  it("fills each queue function's trigger and description with its job type's work queue, and a message worker's with the fan-out", () => {
    const trigger = out.resources['queue-email-send']!.props.triggers![0]!.triggerConfig as {
      eventSourceConfig: { eventSourceParameters: { sourceRabbitMQParameters: { QueueName: string } } };
    };
    expect(trigger.eventSourceConfig.eventSourceParameters.sourceRabbitMQParameters.QueueName).toBe('chat.jobs.email');
    expect(out.resources['queue-email-send']!.props).toMatchObject({
      timeout: 60,
      description: expect.stringContaining('(RabbitMQ queue chat.jobs.email, bound to the fan-out chat.jobs.message)'),
    });
    expect(out.resources['queue-media-process']!.props.description).toContain('(RabbitMQ queue chat.jobs.media)');
  });

  it("marks the output as generated, drops the template's own first paragraph and keeps the other comments", () => {
    const text = renderSYaml(template, routes);
    expect(text.startsWith(`${HEADER}# Serverless Devs (v3)`)).toBe(true);
    expect(text).not.toContain('The hand-written part of s.yaml');
    expect(text).toContain('  # Called by the gateway nodes with InvokeFunction (no HTTP trigger)');
    expect(text).toContain('  # One domain in front of every HTTP function');
    expect(text).not.toMatch(/\{\{|^kinds:|^functions:/m);
  });
});

describe('renderSYaml per-function settings', () => {
  it("applies an entry over its kind: a key replaces, environmentVariables add to the template's and null removes one", () => {
    const out = render(
      minimal(
        `  http-a:
    memorySize: 1024
    environmentVariables:
      EXTRA: x
      LOG_LEVEL: null
  timer-b:
    description: every minute
    timeout: 300`,
        'http: {}\n  timer:\n    timeout: 60',
      ),
      { 'http-a': { method: 'GET', path: '/a' }, 'http-c': { method: 'GET', path: '/c' } },
    );
    expect(out.resources['http-a']!.props).toMatchObject({ memorySize: 1024, environmentVariables: { NODE_ENV: 'production', EXTRA: 'x' } });
    expect(out.resources['http-a']!.props.environmentVariables).not.toHaveProperty('LOG_LEVEL');
    expect(out.resources['http-c']!.props).not.toHaveProperty('environmentVariables');
    expect(out.resources['timer-b']!.props).toEqual({
      functionName: '${vars.prefix}-timer-b',
      description: 'every minute',
      code: './dist/functions/timer-b',
      timeout: 300,
    });
    expect(Object.keys(out.resources)).toEqual(['http-a', 'http-c', 'timer-b']);
  });

  it.each([
    ['an http-* entry without a route', '  http-gone:\n    description: x', {}, /http-gone is an http-\* function without a route/],
    ['a non-http function without a description', '  invoke-x: {}', {}, /invoke-x needs a description/],
    ['a name of no trigger kind', '  cron-x:\n    description: x', {}, /cron-x must be named/],
    ['a placeholder the function has no value for', '  invoke-x:\n    description: on {{queue}}', {}, /\{\{queue\}\} has no value in invoke-x/],
    [
      'the fan-out on a worker no message event reaches',
      '  queue-media-x:\n    description: on {{fanout}}',
      {},
      /\{\{fanout\}\} has no value in queue-media-x/,
    ],
    ['a routed function not named http-*', '  {}', { 'invoke-x': { method: 'GET', path: '/x' } }, /invoke-x is routed but not named http-\*/],
  ])('rejects %s', (_, functions, table: RouteTable, error) => {
    expect(() => renderSYaml(minimal(functions), table)).toThrow(error);
  });
});
