import { OssStandIn } from '../../../../../test/support/oss-stand-in.js';
import { describeMediaStorageContract } from '../../ports/media-storage.contract.js';
import { OssMediaStorage } from './media-storage.js';

// The STS form (key, secret and token), as a Function Compute role hands it out.
const credentials = { accessKeyId: 'STS.test-ak', accessKeySecret: 'test-secret', securityToken: 'test-sts-token' };

describeMediaStorageContract('OSS (ali-oss V4) against the signature-checking stand-in', async () => {
  const standIn = await OssStandIn.start({ bucket: 'chat-media', region: 'cn-hangzhou', credentials: [credentials] });
  const storage = new OssMediaStorage({
    region: 'cn-hangzhou',
    bucket: 'chat-media',
    endpoint: standIn.endpoint,
    accessKeyId: credentials.accessKeyId,
    accessKeySecret: credentials.accessKeySecret,
    securityToken: credentials.securityToken,
  });
  return { storage, advanceClock: (seconds) => standIn.advanceClock(seconds), close: () => standIn.close() };
});
