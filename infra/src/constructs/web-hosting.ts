import * as ros from '@alicloud/ros-cdk-core';
import * as oss from '@alicloud/ros-cdk-oss';
import type { WebOptions } from '../config.js';

export interface WebHostingProps extends WebOptions {
  bucketName: string;
  /** The app's domain on the CDN, e.g. chat.example.com. */
  domain: string;
  /** Where the app calls the API and opens the WebSocket (its CSP allows exactly these, plus media). */
  apiOrigin: string;
  wsOrigin: string;
  mediaOrigin: string;
}

/**
 * The web client (dist/web, `npm run build`) on a private OSS bucket behind its own CDN domain,
 * the cloud twin of what `npm start` does at `/` (scripts/local-cloud/web-static.ts): hashed
 * assets/ cached for a year, index.html revalidated on every load, any unknown path answered with
 * index.html and 200 (the app routes in the browser), and the same Content-Security-Policy. The CDN
 * reads the bucket with private origin access, as for media (media-storage.ts).
 */
export class WebHosting extends ros.Construct {
  readonly bucketName: string;
  readonly cdnCname: string;

  constructor(scope: ros.Construct, id: string, props: WebHostingProps) {
    super(scope, id);
    const bucket = new oss.Bucket(this, 'WebBucket', {
      bucketName: props.bucketName,
      accessControl: 'private',
      blockPublicAccess: true,
      // SPA fallback: a path with no object (e.g. /c/abc) gets index.html with status 200.
      websiteConfigurationV2: {
        indexDocument: { suffix: 'index.html', supportSubDir: 'false', type: '1' },
        errorDocument: { key: 'index.html', httpStatus: '200' },
      },
    });
    const domain = new ros.RosResource(this, 'WebCdn', {
      type: 'ALIYUN::CDN::Domain',
      properties: {
        DomainName: props.domain,
        CdnType: 'web',
        Scope: props.cdnScope,
        Sources: ros.Fn.join('', ['[{"content":"', bucket.attrDomainName, '","type":"oss","priority":"20","port":443,"weight":"10"}]']),
      },
    });
    const csp = [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      `img-src 'self' blob: data: @MEDIA@`,
      `media-src 'self' blob: data: @MEDIA@`,
      `connect-src 'self' @API@ @WS@ @MEDIA@`,
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join('; ');
    const functions = [
      { functionName: 'l2_oss_key', functionArgs: [{ argName: 'private_oss_auth', argValue: 'on' }] },
      // Vite names assets by content hash: a changed file is a new URL, so a year is safe.
      ttl('path_based_ttl_set', 'path', '/assets/', props.assetsTtlSeconds),
      ttl('path_based_ttl_set', 'path', '/index.html', 0),
      header('Content-Security-Policy', csp),
      header('X-Content-Type-Options', 'nosniff'),
      header('Referrer-Policy', 'no-referrer'),
      { functionName: 'https_force', functionArgs: [{ argName: 'enable', argValue: 'on' }] },
    ];
    const pieces = JSON.stringify(functions).split(/(@MEDIA@|@API@|@WS@)/);
    const values: Record<string, string> = { '@MEDIA@': props.mediaOrigin, '@API@': props.apiOrigin, '@WS@': props.wsOrigin };
    const config = new ros.RosResource(this, 'WebCdnConfig', {
      type: 'ALIYUN::CDN::DomainConfig',
      properties: {
        DomainNames: props.domain,
        FunctionList: ros.Fn.join(
          '',
          pieces.map((p) => values[p] ?? p),
        ),
      },
    });
    config.addRosDependency('WebCdn');

    this.bucketName = ros.Token.asString(bucket.attrName);
    this.cdnCname = ros.Token.asString(domain.getAtt('Cname'));
  }
}

const ttl = (name: string, arg: string, value: string, seconds: number) => ({
  functionName: name,
  functionArgs: [
    { argName: arg, argValue: value },
    { argName: 'ttl', argValue: String(seconds) },
    { argName: 'weight', argValue: '99' },
  ],
});

// Browsers' Cache-Control comes from the objects' metadata, which the upload sets (infra/README.md).
const header = (key: string, value: string) => ({
  functionName: 'set_resp_header',
  functionArgs: [
    { argName: 'key', argValue: key },
    { argName: 'value', argValue: value },
  ],
});
