import * as ros from '@alicloud/ros-cdk-core';
import { resolveOptions, type ChatInfraOptions, type ChatInfraOverrides } from './config.js';
import { Databases, POSTGRES_PORT, REDIS_PORT } from './constructs/databases.js';
import { GatewayPool } from './constructs/gateway-pool.js';
import { LoadBalancer } from './constructs/load-balancer.js';
import { MediaStorage } from './constructs/media-storage.js';
import { MessageQueue } from './constructs/message-queue.js';
import { Network } from './constructs/network.js';
import { SecurityGroups } from './constructs/security-groups.js';
import { WebHosting } from './constructs/web-hosting.js';

export interface ChatStackProps extends ros.StackProps {
  /** Synth-time settings (sizes, counts, CIDRs...); defaults in `config.ts`. */
  readonly infra?: ChatInfraOverrides;
}

/**
 * Everything `s.yaml` does not own: the VPC, the WebSocket gateway pool behind an ALB, and the
 * managed PostgreSQL, Redis and RabbitMQ the functions and the gateway use.
 *
 * Deploy-time inputs are ROS parameters (zones, passwords, the gateway artifact URL) so one
 * synthesized template serves every region and environment.
 *
 * Unlike aws-cdk, ROS CDK 1.x uses the bare construct id of a `Ros*` element as its logical id (no
 * path hash), so ids must be unique in the whole stack, not just among siblings. Two resources with
 * one id fail synthesis; a parameter or output sharing an id with a resource does not (it makes
 * any `Ref` to that id ambiguous), so the unit test checks that every id is unique.
 */
export class ChatStack extends ros.Stack {
  readonly options: ChatInfraOptions;

  constructor(scope: ros.Construct, id: string, props: ChatStackProps = {}) {
    super(scope, id, props);
    const o = (this.options = resolveOptions(props.infra));

    const param = (pid: string, p: ros.RosParameterProps) => ros.Token.asString(new ros.RosParameter(this, pid, p).valueAsString);
    const zoneA = param('ZoneA', {
      type: ros.RosParameterType.STRING,
      associationProperty: 'ZoneId',
      description: 'Zone of vSwitch A (primary zone of the databases); must support ALB',
    });
    const zoneB = param('ZoneB', {
      type: ros.RosParameterType.STRING,
      associationProperty: 'ZoneId',
      description: 'Zone of vSwitch B (a different zone from ZoneA); must support ALB',
    });
    const artifactUrl = param('GatewayArtifactUrl', {
      type: ros.RosParameterType.STRING,
      description: 'HTTPS URL (e.g. a pre-signed OSS URL) of the gateway build, dist/gateway.tar.gz from npm run build (index.mjs and its chunks)',
    });
    const pgPassword = param('PostgresMasterPassword', {
      type: ros.RosParameterType.STRING,
      noEcho: true,
      minLength: 8,
      maxLength: 32,
      description: 'Master password of the PostgreSQL instance (8-32 characters; 3 of: upper, lower, digit, special)',
    });
    const redisPassword = param('RedisPassword', {
      type: ros.RosParameterType.STRING,
      noEcho: true,
      minLength: 8,
      maxLength: 30,
      description: 'Password of the Redis default account (8-30 characters; upper, lower and digit)',
    });

    const mediaBucket = param('MediaBucketName', {
      type: ros.RosParameterType.STRING,
      allowedPattern: '^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$',
      description: 'Name of the private media bucket (OSS_BUCKET of the functions)',
    });
    const webOrigins = new ros.RosParameter(this, 'WebOrigins', {
      type: ros.RosParameterType.COMMA_DELIMITED_LIST,
      description: 'Origins of the web clients, e.g. https://chat.example.com (CORS of the media bucket; the API uses the same list)',
    }).valueAsList;
    const cdnDomain = param('MediaCdnDomain', {
      type: ros.RosParameterType.STRING,
      description: 'Download domain of the media (CDN_DOMAIN of the functions); must have an ICP filing for mainland China',
    });
    const cdnAuthKey = param('MediaCdnAuthKey', {
      type: ros.RosParameterType.STRING,
      noEcho: true,
      minLength: 16,
      maxLength: 32,
      description: 'Type-A URL signing key of the media CDN domain (CDN_AUTH_KEY of the functions; 16-32 characters)',
    });

    const webBucket = param('WebBucketName', {
      type: ros.RosParameterType.STRING,
      allowedPattern: '^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$',
      description: 'Name of the private bucket the web client (dist/web) is uploaded to',
    });
    const webDomain = param('WebDomain', { type: ros.RosParameterType.STRING, description: 'Domain of the web client on the CDN, e.g. chat.example.com' });
    const apiOrigin = param('ApiOrigin', {
      type: ros.RosParameterType.STRING,
      description: 'Origin of the HTTP API the web client calls, e.g. https://api.example.com',
    });
    const wsOrigin = param('WsOrigin', { type: ros.RosParameterType.STRING, description: 'Origin of the WebSocket gateway, e.g. wss://ws.example.com' });

    const network = new Network(this, 'Network', { name: o.name, ...o.network, zoneIds: [zoneA, zoneB] });
    const sgs = new SecurityGroups(this, 'SecurityGroups', {
      name: o.name,
      vpcId: network.vpcId,
      vpcCidr: network.cidr,
      gatewayPort: o.gateway.port,
      postgresPort: POSTGRES_PORT,
      redisPort: REDIS_PORT,
    });
    const dbs = new Databases(this, 'Databases', {
      name: o.name,
      vpcId: network.vpcId,
      vpcCidr: network.cidr,
      vswitchIds: network.vswitchIds,
      zoneIds: network.zoneIds,
      securityGroupId: sgs.dataId,
      postgres: o.postgres,
      postgresPassword: pgPassword,
      redis: o.redis,
      redisPassword,
    });
    const mq = new MessageQueue(this, 'RabbitMq', { name: o.name, ...o.rabbitmq });
    const pool = new GatewayPool(this, 'Gateway', {
      name: o.name,
      ...o.gateway,
      vpcId: network.vpcId,
      vswitchIds: network.vswitchIds,
      zoneIds: network.zoneIds,
      securityGroupId: sgs.gatewayId,
      artifactUrl,
      ...(network.egress ? { dependsOn: network.egress } : {}),
      // Hosts only: credentials go to /etc/chat-gateway/secrets.env (see gateway-user-data.ts).
      // CHAT_API=fc: the gateway forwards client actions to the chat functions (gateway/src/config.ts).
      env: { CHAT_API: 'fc', LOG_LEVEL: 'info', REDIS_HOST: dbs.redisHost, REDIS_PORT: dbs.redisPort, REGION: this.region },
    });
    const lb = new LoadBalancer(this, 'LoadBalancer', {
      name: o.name,
      ...o.loadBalancer,
      vpcId: network.vpcId,
      vswitchIds: network.vswitchIds,
      zoneIds: network.zoneIds,
      backendPort: o.gateway.port,
      healthCheckPath: o.gateway.healthCheckPath,
      backends: pool.zones,
    });

    const media = new MediaStorage(this, 'Media', { ...o.media, bucketName: mediaBucket, webOrigins, cdnDomain, cdnAuthKey });

    const web = new WebHosting(this, 'Web', {
      ...o.web,
      bucketName: webBucket,
      domain: webDomain,
      apiOrigin,
      wsOrigin,
      mediaOrigin: ros.Fn.join('', ['https://', cdnDomain]),
    });

    const out = (oid: string, value: unknown, description: string) => new ros.RosOutput(this, oid, { value, description });
    out('VpcId', network.vpcId, 'VPC id (FC vpcConfig.vpcId)');
    out('VSwitchIdA', network.vswitchIds[0], 'vSwitch in ZoneA (FC vpcConfig.vSwitchIds)');
    out('VSwitchIdB', network.vswitchIds[1], 'vSwitch in ZoneB (FC vpcConfig.vSwitchIds)');
    out('GatewaySecurityGroupId', sgs.gatewayId, 'Security group of the gateway nodes');
    out('DataSecurityGroupId', sgs.dataId, 'Security group of PostgreSQL and Redis');
    out('AlbDnsName', lb.dnsName, 'Public DNS name of the WebSocket load balancer (CNAME the ws domain to it)');
    out('AlbLoadBalancerId', lb.loadBalancerId, 'ALB instance id');
    out('GatewayInstanceIdsA', pool.instanceIdLists[0], 'Gateway ECS instance ids in ZoneA');
    out('GatewayInstanceIdsB', pool.instanceIdLists[1], 'Gateway ECS instance ids in ZoneB');
    out('PostgresHost', dbs.postgresHost, 'PostgreSQL intranet host (DATABASE_URL host)');
    out('PostgresPort', dbs.postgresPort, 'PostgreSQL intranet port');
    out('RedisHost', dbs.redisHost, 'Redis intranet host (REDIS_URL host)');
    out('RedisPort', dbs.redisPort, 'Redis port');
    out('RabbitMqInstanceId', mq.instanceId, 'ApsaraMQ for RabbitMQ instance id (s.yaml RabbitMQ triggers)');
    out('RabbitMqHost', mq.privateEndpoint, 'ApsaraMQ for RabbitMQ VPC endpoint (AMQP_URL host)');
    out('RabbitMqVHost', mq.virtualHost, 'Virtual host for the application');
    out('OssBucket', media.bucketName, 'Private media bucket (OSS_BUCKET)');
    out('MediaCdnCname', media.cdnCname, 'CNAME target for the media download domain (CDN_DOMAIN)');
    out('WebOssBucket', web.bucketName, 'Bucket to upload dist/web to');
    out('WebCdnCname', web.cdnCname, 'CNAME target for the web client domain (WebDomain)');
  }
}
