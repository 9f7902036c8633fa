import * as ros from '@alicloud/ros-cdk-core';
import * as rds from '@alicloud/ros-cdk-rds';
import type { PostgresOptions, RedisOptions } from '../config.js';

export const POSTGRES_PORT = 5432;
export const REDIS_PORT = 6379;

export interface DatabasesProps {
  name: string;
  vpcId: string;
  vpcCidr: string;
  vswitchIds: readonly [string, string];
  zoneIds: readonly [string, string];
  securityGroupId: string;
  postgres: PostgresOptions;
  postgresPassword: string;
  redis: RedisOptions;
  redisPassword: string;
}

/**
 * ApsaraDB RDS for PostgreSQL (typed construct from `@alicloud/ros-cdk-rds`) and Tair/Redis
 * (raw `ALIYUN::REDIS::Instance`: `@alicloud/ros-cdk-redis` is not on the registry reachable here).
 * Both are private: intranet endpoints only, allow-lists limited to the VPC CIDR, and the
 * data security group attached.
 */
export class Databases extends ros.Construct {
  readonly postgresHost: string;
  readonly postgresPort: string;
  readonly redisHost: string;
  readonly redisPort: string;
  readonly redisInstanceId: string;

  constructor(scope: ros.Construct, id: string, props: DatabasesProps) {
    super(scope, id);
    const pg = new rds.DBInstance(this, 'Postgres', {
      engine: 'PostgreSQL',
      engineVersion: props.postgres.engineVersion,
      dbInstanceClass: props.postgres.instanceClass,
      category: props.postgres.category,
      dbInstanceStorageType: props.postgres.storageType,
      dbInstanceStorage: props.postgres.storageGb,
      dbInstanceDescription: `${props.name}-postgres`,
      dbInstanceNetType: 'Intranet',
      vpcId: props.vpcId,
      vSwitchId: props.vswitchIds[0],
      zoneId: props.zoneIds[0],
      securityIpList: props.vpcCidr,
      securityGroupId: props.securityGroupId,
      port: POSTGRES_PORT,
      masterUsername: props.postgres.masterUsername,
      masterUserPassword: props.postgresPassword,
      dbMappings: [{ dbName: props.postgres.databaseName, characterSetName: 'UTF8' }],
      payType: 'Postpaid',
      deletionProtection: true,
    });

    const redis = new ros.RosResource(this, 'Redis', {
      type: 'ALIYUN::REDIS::Instance',
      properties: {
        InstanceName: `${props.name}-redis`,
        EngineVersion: props.redis.engineVersion,
        InstanceClass: props.redis.instanceClass,
        ChargeType: 'PostPaid',
        VpcId: props.vpcId,
        VSwitchId: props.vswitchIds[0],
        ZoneId: props.zoneIds[0],
        SecondaryZoneId: props.zoneIds[1],
        SecurityGroupId: props.securityGroupId,
        Password: props.redisPassword,
        VpcPasswordFree: false,
        DeletionForce: false,
        Tags: [{ Key: 'app', Value: props.name }],
      },
    });
    // The default allow-list is 127.0.0.1; open it to the VPC only.
    new ros.RosResource(this, 'RedisAllowVpc', {
      type: 'ALIYUN::REDIS::Whitelist',
      properties: {
        InstanceId: redis.getAtt('InstanceId'),
        SecurityIpGroupName: 'vpc',
        SecurityIps: props.vpcCidr,
      },
    });

    this.postgresHost = ros.Token.asString(pg.attrInnerConnectionString);
    this.postgresPort = ros.Token.asString(pg.attrInnerPort);
    this.redisHost = ros.Token.asString(redis.getAtt('ConnectionDomain'));
    this.redisPort = ros.Token.asString(redis.getAtt('Port'));
    this.redisInstanceId = ros.Token.asString(redis.getAtt('InstanceId'));
  }
}
