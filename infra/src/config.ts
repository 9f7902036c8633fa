/**
 * Synth-time settings of the chat stack. Every field has a default; pass only what differs.
 * Deploy-time values (zones, passwords, the gateway artifact URL) are ROS parameters instead,
 * see `chat-stack.ts`.
 */
export interface NetworkOptions {
  /** CIDR of the VPC; every private rule ("from the VPC") uses it. */
  vpcCidr: string;
  /** One vSwitch per zone, in the order of the ZoneA/ZoneB parameters. */
  vswitchCidrs: readonly [string, string];
  /** NAT gateway + EIP + SNAT so private nodes can reach the internet (Node.js download, FCM...). */
  natGateway: boolean;
  natEipBandwidthMbps: number;
}

export interface GatewayOptions {
  instanceType: string;
  /** Nodes per zone; the pool spans both zones, so the total is twice this. */
  nodesPerZone: number;
  /** ECS image; ROS resolves the wildcard to the newest matching public image. */
  imageId: string;
  systemDiskCategory: string;
  systemDiskSizeGb: number;
  /** Port the gateway listens on (HTTP upgrade to WebSocket and GET /healthz). */
  port: number;
  healthCheckPath: string;
  /** Exact Node.js version installed from the official binary tarball. */
  nodeVersion: string;
  /** Base URL of Node.js release tarballs (https://npmmirror.com/mirrors/node in mainland China). */
  nodeDistUrl: string;
  /** Entry file inside the gateway artifact (a tar.gz fetched from the GatewayArtifactUrl parameter). */
  entry: string;
}

export interface LoadBalancerOptions {
  edition: 'Basic' | 'Standard' | 'StandardWithWaf';
  addressType: 'Internet' | 'Intranet';
  /** ALB maximum is 180 s; clients must ping more often than this. */
  idleTimeoutSeconds: number;
  /** Certificate Management Service id. Set → HTTPS on 443 (wss://); unset → HTTP on 80. */
  certificateId?: string;
}

export interface PostgresOptions {
  engineVersion: string;
  instanceClass: string;
  category: string;
  storageType: string;
  storageGb: number;
  databaseName: string;
  masterUsername: string;
}

export interface RedisOptions {
  engineVersion: string;
  instanceClass: string;
}

export interface RabbitMqOptions {
  instanceType: 'professional' | 'enterprise' | 'vip';
  maxTps: number;
  queueCapacity: number;
  storageSizeGb: number;
  virtualHost: string;
  periodMonths: number;
}

export interface MediaOptions {
  /** Days before the bucket itself deletes an upload left under `pending/` (the timer removes them first). */
  pendingExpiryDays: number;
  corsMaxAgeSeconds: number;
  cdnType: 'web' | 'download' | 'video';
  cdnScope: 'domestic' | 'overseas' | 'global';
  /** Type-A validity on the CDN domain; must equal the functions' CDN_AUTH_VALIDITY_SECONDS. */
  authValiditySeconds: number;
}

export interface WebOptions {
  cdnScope: 'domestic' | 'overseas' | 'global';
  /** CDN cache time of the hashed files under /assets/. */
  assetsTtlSeconds: number;
}

export interface ChatInfraOptions {
  /** Prefix of resource names. */
  name: string;
  network: NetworkOptions;
  gateway: GatewayOptions;
  loadBalancer: LoadBalancerOptions;
  postgres: PostgresOptions;
  redis: RedisOptions;
  rabbitmq: RabbitMqOptions;
  media: MediaOptions;
  web: WebOptions;
}

/** What callers pass: any section, any subset of its fields. */
export type ChatInfraOverrides = {
  name?: string;
} & { [K in Exclude<keyof ChatInfraOptions, 'name'>]?: Partial<ChatInfraOptions[K]> };

export const DEFAULTS: ChatInfraOptions = {
  name: 'chat',
  network: {
    vpcCidr: '10.0.0.0/16',
    vswitchCidrs: ['10.0.1.0/24', '10.0.2.0/24'],
    natGateway: true,
    natEipBandwidthMbps: 10,
  },
  gateway: {
    instanceType: 'ecs.g7.large',
    nodesPerZone: 1,
    imageId: 'aliyun_3_x64_20G_alibase_*',
    systemDiskCategory: 'cloud_essd',
    systemDiskSizeGb: 40,
    port: 8080,
    healthCheckPath: '/healthz',
    nodeVersion: '20.19.5',
    nodeDistUrl: 'https://nodejs.org/dist',
    entry: 'index.mjs',
  },
  loadBalancer: {
    edition: 'Standard',
    addressType: 'Internet',
    idleTimeoutSeconds: 180,
  },
  postgres: {
    engineVersion: '15.0',
    instanceClass: 'pg.n2.2c.2m',
    category: 'HighAvailability',
    storageType: 'cloud_essd',
    storageGb: 50,
    databaseName: 'chat',
    masterUsername: 'chat',
  },
  redis: {
    engineVersion: '7.0',
    instanceClass: 'redis.shard.small.2.ce',
  },
  rabbitmq: {
    instanceType: 'professional',
    maxTps: 1000,
    queueCapacity: 50,
    storageSizeGb: 200,
    virtualHost: 'chat',
    periodMonths: 1,
  },
  media: {
    pendingExpiryDays: 1,
    corsMaxAgeSeconds: 600,
    cdnType: 'web',
    cdnScope: 'domestic',
    authValiditySeconds: 1800,
  },
  web: {
    cdnScope: 'domestic',
    assetsTtlSeconds: 31_536_000,
  },
};

export function resolveOptions(overrides: ChatInfraOverrides = {}): ChatInfraOptions {
  const o: ChatInfraOptions = {
    name: overrides.name ?? DEFAULTS.name,
    network: { ...DEFAULTS.network, ...overrides.network },
    gateway: { ...DEFAULTS.gateway, ...overrides.gateway },
    loadBalancer: { ...DEFAULTS.loadBalancer, ...overrides.loadBalancer },
    postgres: { ...DEFAULTS.postgres, ...overrides.postgres },
    redis: { ...DEFAULTS.redis, ...overrides.redis },
    rabbitmq: { ...DEFAULTS.rabbitmq, ...overrides.rabbitmq },
    media: { ...DEFAULTS.media, ...overrides.media },
    web: { ...DEFAULTS.web, ...overrides.web },
  };
  const problems: string[] = [];
  if (!Number.isInteger(o.gateway.nodesPerZone) || o.gateway.nodesPerZone < 1 || o.gateway.nodesPerZone > 20) {
    problems.push(`gateway.nodesPerZone must be an integer in 1..20 (got ${o.gateway.nodesPerZone})`);
  }
  if (o.loadBalancer.idleTimeoutSeconds < 1 || o.loadBalancer.idleTimeoutSeconds > 180) {
    problems.push(`loadBalancer.idleTimeoutSeconds must be in 1..180 (got ${o.loadBalancer.idleTimeoutSeconds})`);
  }
  if (!o.gateway.healthCheckPath.startsWith('/')) problems.push('gateway.healthCheckPath must start with /');
  if (!Number.isInteger(o.media.pendingExpiryDays) || o.media.pendingExpiryDays < 1)
    problems.push('media.pendingExpiryDays must be a whole number of days, at least 1');
  if (o.network.vswitchCidrs.length !== 2) problems.push('network.vswitchCidrs needs exactly two CIDRs');
  if (problems.length > 0) throw new Error(`invalid chat infra options:\n- ${problems.join('\n- ')}`);
  return o;
}
