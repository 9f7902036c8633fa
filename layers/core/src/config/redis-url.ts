/**
 * REDIS_URL names either one Redis (`redis://`, `rediss://`) or a Redis Cluster:
 * `redis+cluster://[user:password@]host:port,host:port,...` (`rediss+cluster://` for TLS). The
 * cluster form lists seed nodes only; the client learns the rest of the topology from them.
 */
export interface RedisClusterTarget {
  nodes: { host: string; port: number }[];
  username?: string;
  password?: string;
  tls: boolean;
}

const CLUSTER_URL = /^(rediss?)\+cluster:\/\/(?:([^@/]*)@)?([^/?#@]+)\/?$/;
const NODE = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})$/;

export const isRedisClusterUrl = (url: string) => /^rediss?\+cluster:\/\//.test(url);

/** The cluster's seed nodes and credentials, or undefined if `url` is not a well-formed cluster URL. */
export function parseRedisClusterUrl(url: string): RedisClusterTarget | undefined {
  const match = CLUSTER_URL.exec(url.trim());
  if (!match) return undefined;
  const [, scheme, userinfo, hosts] = match as unknown as [string, string, string | undefined, string];
  const nodes: RedisClusterTarget['nodes'] = [];
  for (const part of hosts.split(',')) {
    const node = NODE.exec(part);
    const port = Number(node?.[2]);
    if (!node || port < 1 || port > 65_535) return undefined;
    nodes.push({ host: node[1]!.replace(/^\[(.*)\]$/, '$1'), port });
  }
  const [user, ...rest] = userinfo === undefined ? [] : userinfo.split(':');
  const password = rest.length > 0 ? decodeURIComponent(rest.join(':')) : undefined;
  return { nodes, username: user ? decodeURIComponent(user) : undefined, password, tls: scheme === 'rediss' };
}
