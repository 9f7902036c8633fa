import * as ros from '@alicloud/ros-cdk-core';
import * as ecs from '@alicloud/ros-cdk-ecs';

export interface SecurityGroupsProps {
  name: string;
  vpcId: string;
  /** Every ingress rule here is limited to this CIDR (the VPC); nothing is opened to 0.0.0.0/0. */
  vpcCidr: string;
  gatewayPort: number;
  postgresPort: number;
  redisPort: number;
}

/**
 * Two groups:
 * - gateway: the ECS nodes; only the gateway port, only from inside the VPC. The ALB reaches its
 *   backends from addresses of its vSwitches, which lie in the VPC CIDR.
 * - data: managed PostgreSQL and Redis; only their ports, only from inside the VPC (gateway nodes
 *   and FC functions attached to the VPC).
 * Egress keeps the ECS default (allow all outbound).
 */
export class SecurityGroups extends ros.Construct {
  readonly gatewayId: string;
  readonly dataId: string;

  constructor(scope: ros.Construct, id: string, props: SecurityGroupsProps) {
    super(scope, id);
    const fromVpc = (port: number, description: string) => ({
      ipProtocol: 'tcp',
      portRange: `${port}/${port}`,
      sourceCidrIp: props.vpcCidr,
      policy: 'accept',
      nicType: 'intranet',
      description,
    });

    const gateway = new ecs.SecurityGroup(this, 'GatewaySecurityGroup', {
      vpcId: props.vpcId,
      securityGroupName: `${props.name}-gateway`,
      description: 'WebSocket gateway nodes: gateway port from the VPC (load balancer) only',
      securityGroupIngress: [fromVpc(props.gatewayPort, 'gateway HTTP/WebSocket + health check from the VPC')],
    });
    const data = new ecs.SecurityGroup(this, 'DataSecurityGroup', {
      vpcId: props.vpcId,
      securityGroupName: `${props.name}-data`,
      description: 'Managed PostgreSQL and Redis: client ports from the VPC only',
      securityGroupIngress: [fromVpc(props.postgresPort, 'PostgreSQL from the VPC'), fromVpc(props.redisPort, 'Redis from the VPC')],
    });
    this.gatewayId = ros.Token.asString(gateway.attrSecurityGroupId);
    this.dataId = ros.Token.asString(data.attrSecurityGroupId);
  }
}
