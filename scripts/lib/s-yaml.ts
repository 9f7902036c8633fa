import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/**
 * Reads s.yaml the way Serverless Devs renders it, for the parts this project uses: `extend`
 * templates merged under props, and `${vars.x}` / `${env('X', 'default')}` interpolation. The local
 * cloud, the build and the checks all read routes and functions from here, so s.yaml stays the
 * single source of truth.
 */
export interface SYaml {
  raw: RawSYaml;
  /** fc3 resources with templates merged and variables resolved, keyed by resource name. */
  functions: Map<string, FunctionResource>;
  routes: DomainRoute[];
}

export interface FunctionResource {
  name: string;
  props: Record<string, unknown> & { functionName: string; code?: string; handler?: string; triggers?: Trigger[] };
}

export interface Trigger {
  triggerName: string;
  triggerType: string;
  triggerConfig: Record<string, unknown>;
}

export interface DomainRoute {
  /** The resource (folder) that serves the route. */
  resource: string;
  path: string;
  methods: string[];
}

interface RawSYaml {
  vars?: Record<string, unknown>;
  template?: Record<string, Record<string, unknown>>;
  resources: Record<string, { component: string; extend?: { name: string }; props: Record<string, unknown> }>;
}

export const ROOT = path.resolve(import.meta.dirname, '../..');

export function loadSYaml(file = path.join(ROOT, 's.yaml'), env: Record<string, string | undefined> = {}): SYaml {
  const raw = parse(readFileSync(file, 'utf8')) as RawSYaml;
  const vars: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw.vars ?? {})) vars[key] = interpolate(value, vars, env);

  const functions = new Map<string, FunctionResource>();
  const byFunctionName = new Map<string, string>();
  let domainRoutes: { functionName: string; path: string; methods: string[] }[] = [];
  for (const [name, resource] of Object.entries(raw.resources)) {
    const template = resource.extend ? raw.template?.[resource.extend.name] : undefined;
    if (resource.extend && !template) throw new Error(`s.yaml: ${name} extends unknown template ${resource.extend.name}`);
    const props = interpolate({ ...template, ...resource.props }, vars, env) as FunctionResource['props'];
    if (resource.component === 'fc3') {
      functions.set(name, { name, props });
      byFunctionName.set(props.functionName, name);
    } else if (resource.component === 'fc3-domain') {
      domainRoutes = (props.routeConfig as { routes: typeof domainRoutes }).routes;
    }
  }
  const routes = domainRoutes.map((r) => {
    const resource = byFunctionName.get(r.functionName);
    if (!resource) throw new Error(`s.yaml: route ${r.path} points at unknown function ${r.functionName}`);
    return { resource, path: r.path, methods: r.methods };
  });
  return { raw, functions, routes };
}

function interpolate(value: unknown, vars: Record<string, unknown>, env: Record<string, string | undefined>): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{\s*([^}]+?)\s*\}/g, (_, expr: string) => {
      const v = /^vars\.(\w+)$/.exec(expr);
      if (v) return String(vars[v[1]!] ?? '');
      const e = /^env\(\s*'([^']+)'\s*(?:,\s*'([^']*)'\s*)?\)$/.exec(expr);
      if (e) return env[e[1]!] ?? e[2] ?? '';
      throw new Error(`s.yaml: unsupported expression \${${expr}}`);
    });
  }
  if (Array.isArray(value)) return value.map((v) => interpolate(v, vars, env));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, vars, env)]));
  }
  return value;
}

/** Does an FC custom-domain route path (with `*` wildcards) match a request path? */
export function routeMatches(pattern: string, requestPath: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^/]+')}$`,
  );
  return re.test(requestPath);
}
