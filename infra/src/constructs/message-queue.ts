import * as ros from '@alicloud/ros-cdk-core';
import type { RabbitMqOptions } from '../config.js';

export interface MessageQueueProps extends RabbitMqOptions {
  name: string;
}

/**
 * ApsaraMQ for RabbitMQ instance and the application's virtual host, as raw resources
 * (`@alicloud/ros-cdk-amqp` is not on the registry reachable here). The instance is a
 * subscription (ApsaraMQ for RabbitMQ does not sell new pay-as-you-go instances through this
 * API). Exchanges and queues are declared by the application and `s.yaml` triggers, not here.
 */
export class MessageQueue extends ros.Construct {
  readonly instanceId: string;
  readonly privateEndpoint: string;
  readonly virtualHost: string;

  constructor(scope: ros.Construct, id: string, props: MessageQueueProps) {
    super(scope, id);
    const instance = new ros.RosResource(this, 'RabbitMqInstance', {
      type: 'ALIYUN::AMQP::Instance',
      properties: {
        InstanceName: `${props.name}-rabbitmq`,
        InstanceType: props.instanceType,
        MaxTps: props.maxTps,
        QueueCapacity: props.queueCapacity,
        StorageSize: props.storageSizeGb,
        SupportEip: 'false',
        PayType: 'Subscription',
        Period: props.periodMonths,
        PeriodUnit: 'Month',
      },
    });
    const vhost = new ros.RosResource(this, 'RabbitMqVirtualHost', {
      type: 'ALIYUN::AMQP::VirtualHost',
      properties: { InstanceId: instance.getAtt('InstanceId'), VirtualHost: props.virtualHost },
    });

    this.instanceId = ros.Token.asString(instance.getAtt('InstanceId'));
    this.privateEndpoint = ros.Token.asString(instance.getAtt('PrivateEndpoint'));
    this.virtualHost = ros.Token.asString(vhost.getAtt('VirtualHost'));
  }
}
