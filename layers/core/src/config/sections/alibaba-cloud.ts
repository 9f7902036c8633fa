import { z } from 'zod';
import { envVar, unsetIfBlank } from '../env-kit.js';

// One AccessKey for every Alibaba Cloud SDK in a process (OSS in the functions, FC InvokeFunction in
// the gateway); on FC and on ECS with a RAM role they are the role's STS credentials.
export const accessKeyId = envVar('ALIBABA_CLOUD_ACCESS_KEY_ID', unsetIfBlank(z.string().trim().min(1)));
export const accessKeySecret = envVar('ALIBABA_CLOUD_ACCESS_KEY_SECRET', unsetIfBlank(z.string().trim().min(1)));
export const securityToken = envVar('ALIBABA_CLOUD_SECURITY_TOKEN', unsetIfBlank(z.string().trim().min(1)));
