import * as ros from '@alicloud/ros-cdk-core';
import * as ecs from '@alicloud/ros-cdk-ecs';
import type { GatewayOptions } from '../config.js';
import { gatewayUserData } from './gateway-user-data.js';

export interface GatewayPoolProps extends GatewayOptions {
  name: string;
  vpcId: string;
  vswitchIds: readonly [string, string];
  zoneIds: readonly [string, string];
  securityGroupId: string;
  /** URL of the gateway build artifact (ROS parameter). */
  artifactUrl: string;
  /** Non-secret settings for /etc/chat-gateway/env. */
  env: Readonly<Record<string, string>>;
  /** Created before the nodes boot (the NAT SNAT entry: user data downloads Node.js and the build). */
  dependsOn?: ros.Resource;
}

/** A group of identical instances in one zone; `instanceIds` are ROS tokens for each node. */
export interface ZoneNodes {
  zoneId: string;
  instanceIds: string[];
}

/**
 * The WebSocket gateway pool: one `ALIYUN::ECS::InstanceGroup` per zone, `nodesPerZone` nodes
 * each, private (no public IP; outbound goes through the NAT gateway), same user data everywhere.
 */
export class GatewayPool extends ros.Construct {
  readonly zones: ZoneNodes[];
  /** All instance ids (one list per zone, joined) for outputs. */
  readonly instanceIdLists: ros.IResolvable[];

  constructor(scope: ros.Construct, id: string, props: GatewayPoolProps) {
    super(scope, id);
    const userData = gatewayUserData({
      nodeVersion: props.nodeVersion,
      nodeDistUrl: props.nodeDistUrl,
      artifactUrl: props.artifactUrl,
      entry: props.entry,
      port: props.port,
      env: props.env,
    });

    this.zones = [];
    this.instanceIdLists = [];
    props.vswitchIds.forEach((vSwitchId, i) => {
      const suffix = 'ab'[i]!;
      const group = new ecs.InstanceGroup(this, `GatewayNodes${suffix.toUpperCase()}`, {
        instanceName: `${props.name}-gw-${suffix}-[1,3]`,
        hostName: `${props.name}-gw-${suffix}-[1,3]`,
        instanceType: props.instanceType,
        maxAmount: props.nodesPerZone,
        imageId: props.imageId,
        vpcId: props.vpcId,
        vSwitchId,
        zoneId: props.zoneIds[i]!,
        securityGroupId: props.securityGroupId,
        systemDiskCategory: props.systemDiskCategory,
        systemDiskSize: props.systemDiskSizeGb,
        allocatePublicIp: false,
        internetMaxBandwidthOut: 0,
        instanceChargeType: 'PostPaid',
        userData,
        tags: [
          { key: 'app', value: props.name },
          { key: 'role', value: 'ws-gateway' },
        ],
      });
      if (props.dependsOn) group.addDependency(props.dependsOn);
      const ids = ros.Token.asString(group.attrInstanceIds);
      this.instanceIdLists.push(group.attrInstanceIds as ros.IResolvable);
      this.zones.push({
        zoneId: props.zoneIds[i]!,
        instanceIds: Array.from({ length: props.nodesPerZone }, (_, n) => ros.Token.asString(ros.Fn.select(n, ids))),
      });
    });
  }
}
