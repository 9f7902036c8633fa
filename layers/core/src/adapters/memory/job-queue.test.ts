import { CONTRACT_POLICY, describeJobQueueContract } from '../../ports/job-queue.contract.js';
import { MemoryJobQueue, MemoryQueueHub } from './job-queue.js';

describeJobQueueContract('memory', async () => {
  const hub = new MemoryQueueHub();
  const queue = new MemoryJobQueue(hub, CONTRACT_POLICY);
  return {
    queue,
    takeDeadLetters: async (type) => hub.takeDeadLetters(type),
    putRaw: async (type, body) => hub.put(type, body, undefined),
    close: () => queue.close(),
  };
});
