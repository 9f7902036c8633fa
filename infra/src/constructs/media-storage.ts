import * as ros from '@alicloud/ros-cdk-core';
import * as oss from '@alicloud/ros-cdk-oss';
import type { MediaOptions } from '../config.js';

export interface MediaStorageProps extends MediaOptions {
  bucketName: string;
  /** Origins of the web clients (browsers upload and download directly, so the bucket answers CORS). */
  webOrigins: string[];
  /** The download domain (CDN_DOMAIN of the functions) and its type-A key (CDN_AUTH_KEY). */
  cdnDomain: string;
  cdnAuthKey: string;
}

// Exactly the headers an upload grant lists (OssMediaStorage.grantUpload): a browser preflights them.
export const UPLOAD_HEADERS = ['Content-Type', 'x-oss-forbid-overwrite'];

/**
 * The media bucket and its download CDN (docs/adr/0014, 0015). The bucket is private: clients
 * upload with presigned PUTs and download through the CDN, whose URLs are type-A signed by the
 * functions and which reads the bucket with its own origin credentials (private-bucket origin
 * access), so no object is ever publicly readable. `pending/` expires after a day as a backstop
 * to timer-media-cleanup. The CDN has no ROS CDK package on the registry: raw resources.
 */
export class MediaStorage extends ros.Construct {
  readonly bucketName: string;
  readonly bucketDomain: string;
  readonly cdnCname: string;

  constructor(scope: ros.Construct, id: string, props: MediaStorageProps) {
    super(scope, id);
    const bucket = new oss.Bucket(this, 'MediaBucket', {
      bucketName: props.bucketName,
      accessControl: 'private',
      blockPublicAccess: true,
      corsConfiguration: {
        corsRule: [
          {
            allowedOrigin: props.webOrigins,
            allowedMethod: ['PUT', 'GET', 'HEAD'],
            allowedHeader: UPLOAD_HEADERS,
            exposeHeader: ['ETag', 'x-oss-request-id'],
            maxAgeSeconds: props.corsMaxAgeSeconds,
          },
        ],
      },
      lifecycleConfiguration: {
        rule: [
          {
            id: 'expire-pending-uploads',
            prefix: 'pending/',
            status: 'Enabled',
            expiration: { days: props.pendingExpiryDays },
            abortMultipartUpload: { days: props.pendingExpiryDays },
          },
        ],
      },
    });

    const domain = new ros.RosResource(this, 'MediaCdn', {
      type: 'ALIYUN::CDN::Domain',
      properties: {
        DomainName: props.cdnDomain,
        CdnType: props.cdnType,
        Scope: props.cdnScope,
        // An OSS origin on the bucket's public endpoint over HTTPS; reads are signed (below).
        Sources: ros.Fn.join('', ['[{"content":"', bucket.attrDomainName, '","type":"oss","priority":"20","port":443,"weight":"10"}]']),
      },
    });
    const functions = [
      { functionName: 'l2_oss_key', functionArgs: [{ argName: 'private_oss_auth', argValue: 'on' }] },
      {
        functionName: 'aliauth',
        functionArgs: [
          { argName: 'auth_type', argValue: 'type_a' },
          { argName: 'auth_key1', argValue: '@KEY@' },
          // Must equal CDN_AUTH_VALIDITY_SECONDS: the functions sign `expiresAt - validity` as the timestamp.
          { argName: 'ali_auth_delta', argValue: String(props.authValiditySeconds) },
        ],
      },
    ];
    const [before, after] = JSON.stringify(functions).split('@KEY@') as [string, string];
    const config = new ros.RosResource(this, 'MediaCdnConfig', {
      type: 'ALIYUN::CDN::DomainConfig',
      properties: { DomainNames: props.cdnDomain, FunctionList: ros.Fn.join('', [before, props.cdnAuthKey, after]) },
    });
    // By logical id (ids are bare in ROS CDK 1.x): addDependsOn on a raw RosResource renders nothing.
    config.addRosDependency('MediaCdn');

    this.bucketName = ros.Token.asString(bucket.attrName);
    this.bucketDomain = ros.Token.asString(bucket.attrDomainName);
    this.cdnCname = ros.Token.asString(domain.getAtt('Cname'));
  }
}
