import * as ros from '@alicloud/ros-cdk-core';
import type { LoadBalancerOptions } from '../config.js';
import type { ZoneNodes } from './gateway-pool.js';

export interface LoadBalancerProps extends LoadBalancerOptions {
  name: string;
  vpcId: string;
  vswitchIds: readonly [string, string];
  zoneIds: readonly [string, string];
  backendPort: number;
  healthCheckPath: string;
  backends: readonly ZoneNodes[];
}

/**
 * Application Load Balancer in front of the gateway pool. `@alicloud/ros-cdk-alb` is not on the
 * npm registry reachable here (docs/adr/0005), so the ALB resources are raw `RosResource`s; the
 * property names follow the upstream `ros-cdk-alb` generated renderers
 * (aliyun/Resource-Orchestration-Service-Cloud-Development-Kit, packages/@alicloud/services/ros-cdk-alb/lib/alb.generated.ts).
 *
 * - Listener idle timeout 180 s (the ALB maximum; default 15 s would drop quiet WebSockets).
 * - Weighted least connections: long-lived sockets make round robin drift out of balance.
 * - No sticky sessions: a reconnect may land on any node and `resume` replays what it missed.
 */
export class LoadBalancer extends ros.Construct {
  readonly loadBalancerId: string;
  readonly dnsName: string;
  readonly serverGroupId: string;
  readonly listenerId: string;

  constructor(scope: ros.Construct, id: string, props: LoadBalancerProps) {
    super(scope, id);
    const alb = new ros.RosResource(this, 'Alb', {
      type: 'ALIYUN::ALB::LoadBalancer',
      properties: {
        LoadBalancerName: `${props.name}-ws`,
        VpcId: props.vpcId,
        AddressType: props.addressType,
        LoadBalancerEdition: props.edition,
        LoadBalancerBillingConfig: { PayType: 'PostPay' },
        ZoneMappings: props.zoneIds.map((zoneId, i) => ({ ZoneId: zoneId, VSwitchId: props.vswitchIds[i] })),
      },
    });

    const serverGroup = new ros.RosResource(this, 'AlbServerGroup', {
      type: 'ALIYUN::ALB::ServerGroup',
      properties: {
        ServerGroupName: `${props.name}-ws-nodes`,
        ServerGroupType: 'Instance',
        VpcId: props.vpcId,
        Protocol: 'HTTP',
        Scheduler: 'Wlc',
        StickySessionConfig: { StickySessionEnabled: false },
        HealthCheckConfig: {
          HealthCheckEnabled: true,
          HealthCheckProtocol: 'HTTP',
          HealthCheckMethod: 'GET',
          HealthCheckPath: props.healthCheckPath,
          HealthCheckCodes: ['http_2xx'],
          HealthCheckInterval: 5,
          HealthCheckTimeout: 3,
          HealthyThreshold: 2,
          UnhealthyThreshold: 3,
        },
      },
    });

    props.backends.forEach((zone, i) => {
      new ros.RosResource(this, `AlbBackends${'AB'[i] ?? i}`, {
        type: 'ALIYUN::ALB::BackendServerAttachment',
        properties: {
          ServerGroupId: serverGroup.getAtt('ServerGroupId'),
          Servers: zone.instanceIds.map((serverId) => ({ ServerType: 'Ecs', ServerId: serverId, Port: props.backendPort, Weight: 100 })),
        },
      });
    });

    const https = props.certificateId !== undefined;
    const listener = new ros.RosResource(this, 'AlbListener', {
      type: 'ALIYUN::ALB::Listener',
      properties: {
        LoadBalancerId: alb.getAtt('LoadBalancerId'),
        ListenerProtocol: https ? 'HTTPS' : 'HTTP',
        ListenerPort: https ? 443 : 80,
        ListenerDescription: 'WebSocket gateway',
        IdleTimeout: props.idleTimeoutSeconds,
        ...(https ? { Certificates: [{ CertificateId: props.certificateId }] } : {}),
        DefaultActions: [{ Type: 'ForwardGroup', ForwardGroupConfig: { ServerGroupTuples: [{ ServerGroupId: serverGroup.getAtt('ServerGroupId') }] } }],
      },
    });

    this.loadBalancerId = ros.Token.asString(alb.getAtt('LoadBalancerId'));
    this.dnsName = ros.Token.asString(alb.getAtt('DNSName'));
    this.serverGroupId = ros.Token.asString(serverGroup.getAtt('ServerGroupId'));
    this.listenerId = ros.Token.asString(listener.getAtt('ListenerId'));
  }
}
