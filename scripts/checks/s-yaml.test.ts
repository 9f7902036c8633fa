import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { routes } from '@chat/core/api/routes';
import { toWildcard } from '@chat/core/runtime/route-pattern';
import { messageExchangeName, workQueueName } from '@chat/core/adapters/rabbitmq/topology';
import { isMessageJobType, MAX_EVENTS_PER_MESSAGE } from '@chat/core/domain/jobs/job';
import { generateSigningKey } from '@chat/core/adapters/jose/signing-keys';
import { ConfigError, loadConfig } from '@chat/core/config/env';
import { workerType } from '../local-cloud/background.js';
import { loadSYaml, ROOT } from '../lib/s-yaml.js';
import { JOBS_PER_INVOCATION, renderSYaml, S_YAML_FILE, triggerBatchSize } from '../s-yaml/generate.js';

/**
 * s.yaml is the deployment's source of truth, generated from scripts/s-yaml/template.yaml and the
 * route registry; these checks keep it, its generator, functions/ and the route registry in step. fc3-schema.json is a verbatim copy of the fc3 component's props schema
 * (devsapp/fc3:src/schema.json @ 4ca1c1b8, via the team's reference notes), kept in the repo so CI
 * on a clean clone needs nothing beside it.
 */
const sYaml = loadSYaml();
const fc3 = [...sYaml.functions.values()];

// strict: false because the component's schema uses keywords and tuple forms ajv's strict mode rejects.
const validateProps = new Ajv({ allErrors: true, strict: false }).compile(
  JSON.parse(readFileSync(path.join(import.meta.dirname, 'fc3-schema.json'), 'utf8')) as object,
);
const problems = (props: unknown) => (validateProps(props) ? [] : (validateProps.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`));

describe('s.yaml and its generator', () => {
  it('is the file generated from scripts/s-yaml/template.yaml and routes.ts (run `npm run s-yaml` after changing them)', () => {
    expect(readFileSync(S_YAML_FILE, 'utf8')).toBe(renderSYaml());
  });
});

describe('s.yaml fc3 resources', () => {
  it('declares functions', () => {
    expect(fc3.length).toBeGreaterThan(0);
  });

  it.each(fc3.map((f) => [f.name, f.props] as const))('%s: props match the fc3 component schema', (_, props) => {
    expect(problems(props)).toEqual([]);
  });

  it('the schema check rejects props without a handler or with an unknown runtime', () => {
    const props = fc3[0]!.props;
    const { handler: _handler, ...withoutHandler } = props;
    expect(problems(withoutHandler)).not.toEqual([]);
    expect(problems({ ...props, runtime: 'nodejs99' })).not.toEqual([]);
    expect(problems({ ...props, memorySize: 'lots' })).not.toEqual([]);
  });

  it.each(fc3.map((f) => [f.name, f.props] as const))('%s: nodejs20, built into dist/functions/<name>, index.handler', (name, props) => {
    expect(props.runtime).toBe('nodejs20');
    expect(props.code).toBe(`./dist/functions/${name}`);
    expect(props.handler).toBe('index.handler');
  });

  // Folder names start with the trigger (docs/adr/0002): http-, invoke- (called by the gateway),
  // queue- (RabbitMQ trigger) or timer- (timer trigger).
  it.each(fc3.map((f) => [f.name] as const))('%s: is named after its trigger kind', (name) => {
    expect(name).toMatch(/^(http|invoke|queue|timer)-[a-z0-9-]+$/);
  });

  // Only http-* functions sit behind the domain; the rest need no route and must have none.
  it.each(fc3.map((f) => [f.name, f.props] as const))('%s: routed with an http trigger for its method if, and only if, it is http-*', (name, props) => {
    const http = (props.triggers ?? []).filter((t) => t.triggerType === 'http');
    const served = sYaml.routes.filter((r) => r.resource === name);
    if (!name.startsWith('http-')) {
      expect({ http, served }).toEqual({ http: [], served: [] });
      return;
    }
    expect(http).toHaveLength(1);
    expect(served).toHaveLength(1);
    expect(http[0]!.triggerConfig.methods).toEqual(served[0]!.methods);
  });
});

describe('s.yaml queue and timer triggers', () => {
  const triggersOf = (prefix: string, type: string) =>
    fc3.filter((f) => f.name.startsWith(prefix)).map((f) => [f.name, (f.props.triggers ?? []).filter((t) => t.triggerType === type)] as const);

  // The local cloud consumes the queue of the type in the folder name, so name and trigger must agree.
  it.each(triggersOf('queue-', 'eventbridge'))("%s: one RabbitMQ trigger in event-streaming mode on its job type's work queue", (name, triggers) => {
    const type = workerType(name);
    expect(type, `${name} must be queue-<job type>-<action>`).toBeDefined();
    expect(triggers).toHaveLength(1);
    const config = triggers[0]!.triggerConfig as {
      eventSourceConfig: { eventSourceType: string; eventSourceParameters: { sourceRabbitMQParameters: Record<string, string> } };
      runOptions: { mode: string; batchWindow: Record<string, number> };
    };
    expect(config.eventSourceConfig.eventSourceType).toBe('RabbitMQ');
    const source = config.eventSourceConfig.eventSourceParameters.sourceRabbitMQParameters;
    expect(Object.keys(source).sort()).toEqual(['InstanceId', 'QueueName', 'RegionId', 'VirtualHostName']);
    expect(source.QueueName).toBe(workQueueName(type!));
    expect(config.runOptions.mode).toBe('event-streaming');
    expect(config.runOptions.batchWindow).toEqual({ CountBasedWindow: triggerBatchSize(type!), TimeBasedWindow: 2 });
    // Its jobs run one after another within the timeout: a trigger batch is bounded in jobs, not messages.
    const jobsPerMessage = isMessageJobType(type!) ? MAX_EVENTS_PER_MESSAGE : 1;
    expect(config.runOptions.batchWindow.CountBasedWindow! * jobsPerMessage).toBeLessThanOrEqual(JOBS_PER_INVOCATION);
  });

  // One publish per message reaches these workers through the fan-out (ADR 0008); the description says which.
  it.each(fc3.filter((f) => f.name.startsWith('queue-')).map((f) => [f.name, f] as const))(
    '%s: names the fan-out exchange exactly when a message event reaches it',
    (name, f) => {
      const description = String(f.props.description);
      if (isMessageJobType(workerType(name)!)) expect(description).toContain(`bound to the fan-out ${messageExchangeName()}`);
      else expect(description).not.toContain('fan-out');
    },
  );

  it.each(triggersOf('timer-', 'timer'))('%s: one enabled timer trigger with a six-field cron expression', (_, triggers) => {
    expect(triggers).toHaveLength(1);
    expect(triggers[0]!.triggerConfig).toMatchObject({ enable: true, cronExpression: expect.stringMatching(/^\S+( \S+){5}$/) });
  });
});

describe('functions/ and s.yaml', () => {
  const folders = readdirSync(path.join(ROOT, 'functions'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);

  it('every folder under functions/ is an fc3 resource', () => {
    expect(folders.filter((f) => !sYaml.functions.has(f))).toEqual([]);
  });

  it('every fc3 resource has a folder with a handler.ts under functions/', () => {
    expect(fc3.filter((f) => !folders.includes(f.name)).map((f) => f.name)).toEqual([]);
    for (const f of fc3) expect(readdirSync(path.join(ROOT, 'functions', f.name))).toContain('handler.ts');
  });
});

describe('s.yaml function environment', () => {
  // What `s deploy` renders from the deployer's shell: the secrets operations.md asks for.
  const deployed = async (omit?: string) => {
    const secrets: Record<string, string> = {
      DATABASE_URL: 'postgres://chat:secret@db.internal:5432/chat',
      REDIS_URL: 'redis://cache.internal:6379',
      AMQP_URL: 'amqp://chat:secret@mq.internal:5672/chat',
      JWT_SIGNING_KEYS: JSON.stringify([await generateSigningKey()]),
    };
    if (omit) delete secrets[omit];
    return [...loadSYaml(undefined, secrets).functions.values()].map((f) => [f.name, f.props.environmentVariables as Record<string, string>] as const);
  };

  it('gives every function a production config that loads', async () => {
    for (const [name, env] of await deployed()) {
      expect(env.NODE_ENV, name).toBe('production');
      expect(() => loadConfig(env), name).not.toThrow();
    }
  });

  it('fails every function at start when the deployer has no AMQP_URL (jobs would stay in one instance)', async () => {
    for (const [name, env] of await deployed('AMQP_URL')) {
      const problems = (() => {
        try {
          loadConfig(env);
          return [];
        } catch (error) {
          return error instanceof ConfigError ? error.problems : [String(error)];
        }
      })();
      expect(problems, name).toContainEqual(expect.stringMatching(/^AMQP_URL: required in production/));
    }
  });
});

describe('s.yaml api-domain routes and the route registry', () => {
  const declared = sYaml.routes.map((r) => ({ fn: r.resource, methods: r.methods, path: r.path }));
  // Every HTTP function also takes the CORS preflight (OPTIONS) on its path.
  const registered = Object.entries(routes).map(([fn, r]) => ({ fn, methods: [r.method, 'OPTIONS'], path: toWildcard(r.path) }));
  const byName = (a: { fn: string }, b: { fn: string }) => a.fn.localeCompare(b.fn);

  it('route the same functions, each once', () => {
    expect(declared.map((r) => r.fn).sort()).toEqual(Object.keys(routes).sort());
    expect(new Set(declared.map((r) => r.fn)).size).toBe(declared.length);
  });

  it('agree on method and path (registry {params} are s.yaml wildcards)', () => {
    expect([...declared].sort(byName)).toEqual([...registered].sort(byName));
  });

  it('no two routes claim the same method and path (OPTIONS aside: functions sharing a path answer it alike)', () => {
    const keys = declared.flatMap((r) => r.methods.filter((m) => m !== 'OPTIONS').map((m) => `${m} ${r.path}`));
    expect(new Set(keys).size).toBe(keys.length);
  });
});
