import * as ros from '@alicloud/ros-cdk-core';
import * as ecs from '@alicloud/ros-cdk-ecs';
import * as vpc from '@alicloud/ros-cdk-vpc';
import type { NetworkOptions } from '../config.js';

export interface NetworkProps extends NetworkOptions {
  name: string;
  /** Zone ids, one per vSwitch (ROS parameters, resolved at deploy time). */
  zoneIds: readonly [string, string];
}

/** VPC, one vSwitch in each of two zones, and (optionally) a NAT gateway for outbound traffic. */
export class Network extends ros.Construct {
  readonly vpcId: string;
  readonly cidr: string;
  /** vSwitch ids in zone order. */
  readonly vswitchIds: readonly [string, string];
  readonly zoneIds: readonly [string, string];
  /** The SNAT entry, when a NAT gateway is created: instances that download at boot depend on it. */
  egress?: ros.Resource;

  constructor(scope: ros.Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const vpcRes = new ecs.Vpc(this, 'Vpc', { vpcName: `${props.name}-vpc`, cidrBlock: props.vpcCidr });
    const vswitches = props.vswitchCidrs.map(
      (cidrBlock, i) =>
        new ecs.VSwitch(this, `VSwitch${'AB'[i]}`, {
          vpcId: vpcRes.attrVpcId,
          zoneId: props.zoneIds[i]!,
          cidrBlock,
          vSwitchName: `${props.name}-${'ab'[i]}`,
        }),
    );
    this.vpcId = ros.Token.asString(vpcRes.attrVpcId);
    this.cidr = props.vpcCidr;
    this.zoneIds = props.zoneIds;
    this.vswitchIds = [ros.Token.asString(vswitches[0]!.attrVSwitchId), ros.Token.asString(vswitches[1]!.attrVSwitchId)];

    if (props.natGateway) this.addNat(props);
  }

  /** Enhanced NAT gateway in zone A with one EIP and an SNAT entry per vSwitch. */
  private addNat(props: NetworkProps): void {
    const nat = new vpc.NatGateway(this, 'NatGateway', {
      vpcId: this.vpcId,
      vSwitchId: this.vswitchIds[0],
      natType: 'Enhanced',
      natGatewayName: `${props.name}-nat`,
      internetChargeType: 'PayByLcu',
    });
    const eip = new vpc.Eip(this, 'NatEip', {
      name: `${props.name}-nat-eip`,
      bandwidth: props.natEipBandwidthMbps,
      internetChargeType: 'PayByTraffic',
    });
    const association = new vpc.EIPAssociation(this, 'NatEipAssociation', {
      allocationId: eip.attrAllocationId,
      instanceId: nat.attrNatGatewayId,
    });
    const snat = new vpc.SnatEntry(this, 'NatSnatEntry', {
      snatTableId: nat.attrSNatTableId,
      snatIp: eip.attrEipAddress,
      sourceVSwitchIds: [...this.vswitchIds],
      snatEntryName: `${props.name}-private-egress`,
    });
    snat.addDependency(association);
    this.egress = snat;
  }
}
