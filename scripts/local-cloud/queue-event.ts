import { randomUUID } from 'node:crypto';
import type { QueueMessage } from '@chat/core/ports/job-queue';
import type { RabbitMqCloudEvent } from '@chat/core/runtime/queue-event';

const VHOST = process.env.AMQP_VHOST ?? 'local';

function bodyOf(text: string): unknown {
  // EventBridge hands a JSON body over parsed (see runtime/fixtures/rabbitmq-cloudevent.json).
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The CloudEvent an FC RabbitMQ trigger would deliver for this message from `queue`. */
export function toRabbitMqCloudEvent(message: QueueMessage, queue: string, now = new Date()): RabbitMqCloudEvent {
  return {
    datacontenttype: 'application/json;charset=utf-8',
    aliyunaccountid: 'local',
    data: {
      envelope: { deliveryTag: message.deliveryTag, exchange: message.exchange, redeliver: message.redelivered, routingKey: message.routingKey },
      body: bodyOf(message.body),
      props: { contentEncoding: 'UTF-8', ...(message.messageId !== undefined && { messageId: message.messageId }) },
    },
    subject: `acs:amqp:local:local:/instances/local/vhosts/${VHOST}/queues/${queue}`,
    aliyunoriginalaccountid: 'local',
    source: `${queue}.rabbitmq`,
    type: 'amqp:Queue:SendMessage',
    aliyunpublishtime: now.toISOString(),
    specversion: '1.0',
    aliyuneventbusname: 'local',
    id: randomUUID(),
    time: now.toISOString(),
    aliyunregionid: 'local',
  };
}
