import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ros from '@alicloud/ros-cdk-core';
import { afterAll, describe, expect, it } from 'vitest';
import { GATEWAY_NODE_FLAGS } from '../../gateway/src/node-flags.js';
import { resolveOptions } from './config.js';
import { synthesize, type RosTemplate } from './synth.js';

const dirs: string[] = [];
function synth(props: Parameters<typeof synthesize>[1] = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chat-infra-'));
  dirs.push(dir);
  return synthesize(dir, props);
}
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

type Res = RosTemplate['Resources'][string];
const ofType = (t: RosTemplate, type: string): Res[] => Object.values(t.Resources).filter((r) => r.Type === type);
const one = (t: RosTemplate, type: string): Res => {
  const found = ofType(t, type);
  expect(found, type).toHaveLength(1);
  return found[0]!;
};
const props = (r: Res) => r.Properties ?? {};

describe('ChatStack template', () => {
  const { template, templateFile, stack } = synth();

  it('is a ROS template written to the output directory', () => {
    expect(template.ROSTemplateFormatVersion).toBe('2015-09-01');
    expect(JSON.parse(fs.readFileSync(templateFile, 'utf8'))).toEqual(template);
  });

  it('has a VPC, two vSwitches in the two zone parameters, and private egress', () => {
    expect(props(one(template, 'ALIYUN::ECS::VPC')).CidrBlock).toBe('10.0.0.0/16');
    const vsw = ofType(template, 'ALIYUN::ECS::VSwitch');
    expect(vsw.map((v) => props(v).ZoneId)).toEqual([{ Ref: 'ZoneA' }, { Ref: 'ZoneB' }]);
    expect(vsw.map((v) => props(v).CidrBlock)).toEqual(['10.0.1.0/24', '10.0.2.0/24']);
    expect(template.Parameters?.ZoneA?.Type).toBe('String');
    expect(template.Parameters?.ZoneB?.Type).toBe('String');
    one(template, 'ALIYUN::VPC::NatGateway');
    one(template, 'ALIYUN::VPC::SnatEntry');
  });

  it('opens no security group port to the internet; the gateway port only from the VPC', () => {
    const groups = ofType(template, 'ALIYUN::ECS::SecurityGroup');
    expect(groups.length).toBeGreaterThanOrEqual(1);
    const rules = groups.flatMap((g) => (props(g).SecurityGroupIngress ?? []) as Array<Record<string, unknown>>);
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      expect(rule.SourceCidrIp).toBe('10.0.0.0/16');
      expect(rule.SourceCidrIp).not.toBe('0.0.0.0/0');
      expect(rule.Ipv6SourceCidrIp).toBeUndefined();
    }
    const gateway = template.Resources.GatewaySecurityGroup!;
    const gatewayRules = props(gateway).SecurityGroupIngress as Array<Record<string, unknown>>;
    expect(gatewayRules).toEqual([expect.objectContaining({ IpProtocol: 'tcp', PortRange: '8080/8080', SourceCidrIp: '10.0.0.0/16' })]);
  });

  it('runs the gateway as private InstanceGroups, one per zone, started by systemd', () => {
    const groups = ofType(template, 'ALIYUN::ECS::InstanceGroup');
    expect(groups).toHaveLength(2);
    for (const g of groups) {
      const p = props(g);
      expect(p.AllocatePublicIP).toBe(false);
      expect(p.InternetMaxBandwidthOut).toBe(0);
      expect(p.SecurityGroupId).toEqual({ 'Fn::GetAtt': ['GatewaySecurityGroup', 'SecurityGroupId'] });
      expect(g.DependsOn).toEqual(['NatSnatEntry']);
      const userData = JSON.stringify(p.UserData);
      expect(userData).toContain('node-v$NODE_VERSION-linux-x64.tar.gz');
      expect(userData).toContain("NODE_VERSION='20.");
      expect(userData).toContain('EnvironmentFile=/etc/chat-gateway/env');
      // The built gateway (dist/gateway.tar.gz) under plain node, with the flags the bench runs it with.
      expect(userData).toContain(`ExecStart=/usr/local/bin/node ${GATEWAY_NODE_FLAGS.join(' ')} /opt/chat-gateway/index.mjs`);
      expect(userData).toContain('systemctl enable --now chat-gateway.service');
      expect(userData).not.toMatch(/Password/i);
    }
    expect(groups.map((g) => props(g).ZoneId)).toEqual([{ Ref: 'ZoneA' }, { Ref: 'ZoneB' }]);
  });

  it('puts an ALB in both zones with a 180 s idle timeout, /healthz checks and every node attached', () => {
    const alb = props(one(template, 'ALIYUN::ALB::LoadBalancer'));
    expect(alb.ZoneMappings).toHaveLength(2);
    const listener = props(one(template, 'ALIYUN::ALB::Listener'));
    expect(listener.IdleTimeout).toBe(180);
    expect(listener.ListenerProtocol).toBe('HTTP');
    const group = props(one(template, 'ALIYUN::ALB::ServerGroup'));
    expect(group.HealthCheckConfig).toMatchObject({ HealthCheckEnabled: true, HealthCheckPath: '/healthz' });
    const servers = ofType(template, 'ALIYUN::ALB::BackendServerAttachment').flatMap((a) => props(a).Servers as Array<Record<string, unknown>>);
    expect(servers).toHaveLength(2);
    for (const s of servers) expect(s).toMatchObject({ ServerType: 'Ecs', Port: 8080 });
  });

  it('creates PostgreSQL 15, Redis 7 and RabbitMQ reachable only from the VPC', () => {
    const pg = props(one(template, 'ALIYUN::RDS::DBInstance'));
    expect(pg).toMatchObject({ Engine: 'PostgreSQL', EngineVersion: '15.0', SecurityIPList: '10.0.0.0/16', DBInstanceNetType: 'Intranet' });
    expect(pg.MasterUserPassword).toEqual({ Ref: 'PostgresMasterPassword' });
    expect(props(one(template, 'ALIYUN::REDIS::Instance'))).toMatchObject({ EngineVersion: '7.0', Password: { Ref: 'RedisPassword' } });
    expect(props(one(template, 'ALIYUN::REDIS::Whitelist')).SecurityIps).toBe('10.0.0.0/16');
    one(template, 'ALIYUN::AMQP::Instance');
    one(template, 'ALIYUN::AMQP::VirtualHost');
    for (const secret of ['PostgresMasterPassword', 'RedisPassword']) expect(template.Parameters?.[secret]?.NoEcho).toBe(true);
  });

  it('outputs the ids and hosts the functions and operators need', () => {
    expect(Object.keys(template.Outputs ?? {})).toEqual(
      expect.arrayContaining([
        'VpcId',
        'VSwitchIdA',
        'VSwitchIdB',
        'GatewaySecurityGroupId',
        'DataSecurityGroupId',
        'AlbDnsName',
        'PostgresHost',
        'RedisHost',
        'RabbitMqInstanceId',
        'RabbitMqHost',
      ]),
    );
    expect(template.Outputs?.AlbDnsName?.Value).toEqual({ 'Fn::GetAtt': ['Alb', 'DNSName'] });
  });

  it('keeps media in a private bucket: pending/ expires after a day, CORS for uploads from the web origins', () => {
    const bucket = props(template.Resources.MediaBucket!);
    expect(bucket).toMatchObject({ BucketName: { Ref: 'MediaBucketName' }, AccessControl: 'private', BlockPublicAccess: true });
    expect(bucket.LifecycleConfiguration).toEqual({
      Rule: [expect.objectContaining({ Prefix: 'pending/', Status: 'Enabled', Expiration: { Days: 1 }, AbortMultipartUpload: { Days: 1 } })],
    });
    const [cors, ...more] = (bucket.CORSConfiguration as { CORSRule: Record<string, unknown>[] }).CORSRule;
    expect(more).toEqual([]);
    expect(cors).toMatchObject({ AllowedOrigin: { Ref: 'WebOrigins' }, AllowedMethod: expect.arrayContaining(['PUT', 'GET']) });
    // Exactly what an upload grant tells the browser to send (OssMediaStorage.grantUpload).
    expect(cors!.AllowedHeader).toEqual(['Content-Type', 'x-oss-forbid-overwrite']);
    expect(template.Parameters?.WebOrigins?.Type).toBe('CommaDelimitedList');
  });

  it('serves media through a CDN domain on the bucket with private origin access and type-A signed URLs', () => {
    const cdn = props(template.Resources.MediaCdn!);
    expect(cdn.DomainName).toEqual({ Ref: 'MediaCdnDomain' });
    const sources = (cdn.Sources as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
    expect(sources).toContainEqual({ 'Fn::GetAtt': ['MediaBucket', 'DomainName'] });
    expect(JSON.parse(sources.map((s) => (typeof s === 'string' ? s : 'bucket.oss-cn-hangzhou.aliyuncs.com')).join(''))).toEqual([
      { content: 'bucket.oss-cn-hangzhou.aliyuncs.com', type: 'oss', priority: '20', port: 443, weight: '10' },
    ]);
    const config = template.Resources.MediaCdnConfig!;
    expect(config.DependsOn).toEqual(expect.arrayContaining(['MediaCdn']));
    const parts = (props(config).FunctionList as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
    expect(parts).toContainEqual({ Ref: 'MediaCdnAuthKey' });
    const functions = JSON.parse(parts.map((p) => (typeof p === 'string' ? p : 'the-key')).join('')) as {
      functionName: string;
      functionArgs: { argName: string; argValue: string }[];
    }[];
    const args = (name: string) => Object.fromEntries(functions.find((f) => f.functionName === name)!.functionArgs.map((a) => [a.argName, a.argValue]));
    expect(args('l2_oss_key')).toEqual({ private_oss_auth: 'on' });
    expect(args('aliauth')).toEqual({ auth_type: 'type_a', auth_key1: 'the-key', ali_auth_delta: '1800' });
    expect(template.Parameters?.MediaCdnAuthKey?.NoEcho).toBe(true);
    expect(Object.keys(template.Outputs ?? {})).toEqual(expect.arrayContaining(['OssBucket', 'MediaCdnCname']));
  });

  it('puts the web client on its own private bucket behind a CDN domain: SPA fallback, long-lived assets, the CSP', () => {
    expect(ofType(template, 'ALIYUN::OSS::Bucket')).toHaveLength(2);
    const bucket = props(template.Resources.WebBucket!);
    expect(bucket).toMatchObject({ BucketName: { Ref: 'WebBucketName' }, AccessControl: 'private', BlockPublicAccess: true });
    // An app route like /c/abc has no object: OSS answers with index.html and 200.
    expect(bucket.WebsiteConfigurationV2).toMatchObject({ ErrorDocument: { Key: 'index.html', HttpStatus: '200' }, IndexDocument: { Suffix: 'index.html' } });
    const cdn = props(template.Resources.WebCdn!);
    expect(cdn).toMatchObject({ DomainName: { Ref: 'WebDomain' }, CdnType: 'web' });
    expect((cdn.Sources as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1]).toContainEqual({ 'Fn::GetAtt': ['WebBucket', 'DomainName'] });
    const config = template.Resources.WebCdnConfig!;
    expect(config.DependsOn).toEqual(expect.arrayContaining(['WebCdn']));
    const parts = (props(config).FunctionList as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
    expect(parts).toEqual(expect.arrayContaining([{ Ref: 'ApiOrigin' }, { Ref: 'WsOrigin' }]));
    const fill = (p: unknown) =>
      typeof p === 'string'
        ? p
        : JSON.stringify(p) === '{"Ref":"ApiOrigin"}'
          ? 'https://api.x'
          : JSON.stringify(p) === '{"Ref":"WsOrigin"}'
            ? 'wss://ws.x'
            : 'media.x';
    const functions = JSON.parse(parts.map(fill).join('')) as { functionName: string; functionArgs: { argName: string; argValue: string }[] }[];
    const argsOf = (f: (typeof functions)[number]) => Object.fromEntries(f.functionArgs.map((a) => [a.argName, a.argValue]));
    expect(functions.filter((f) => f.functionName === 'path_based_ttl_set').map(argsOf)).toEqual([
      { path: '/assets/', ttl: '31536000', weight: '99' },
      { path: '/index.html', ttl: '0', weight: '99' },
    ]);
    const headers = Object.fromEntries(functions.filter((f) => f.functionName === 'set_resp_header').map((f) => [argsOf(f).key, argsOf(f).value]));
    expect(headers['Content-Security-Policy']).toContain("script-src 'self'");
    expect(headers['Content-Security-Policy']).toContain("connect-src 'self' https://api.x wss://ws.x https://media.x");
    expect(headers['Content-Security-Policy']).toContain("img-src 'self' blob: data: https://media.x");
    expect(Object.keys(template.Outputs ?? {})).toEqual(expect.arrayContaining(['WebOssBucket', 'WebCdnCname']));
  });

  it('gives every parameter, resource and output a stack-wide unique logical id', () => {
    const ids = stack.node
      .findAll()
      .filter((e) => e instanceof ros.RosResource || e instanceof ros.RosParameter || e instanceof ros.RosOutput)
      .map((e) => stack.resolve((e as ros.RosElement).logicalId) as string);
    expect(new Set(ids).size).toBe(ids.length);
    const sections = [template.Parameters ?? {}, template.Resources, template.Outputs ?? {}].flatMap((s) => Object.keys(s));
    expect(sections.sort()).toEqual([...ids].sort());
  });
});

describe('ChatStack options', () => {
  it('sizes the pool and switches the listener to HTTPS from stack props', () => {
    const { template } = synth({ infra: { gateway: { nodesPerZone: 3, port: 9000 }, loadBalancer: { certificateId: 'cert-123' } } });
    const listener = props(one(template, 'ALIYUN::ALB::Listener'));
    expect(listener).toMatchObject({ ListenerProtocol: 'HTTPS', ListenerPort: 443, Certificates: [{ CertificateId: 'cert-123' }], IdleTimeout: 180 });
    const servers = ofType(template, 'ALIYUN::ALB::BackendServerAttachment').flatMap((a) => props(a).Servers as unknown[]);
    expect(servers).toHaveLength(6);
    expect(ofType(template, 'ALIYUN::ECS::InstanceGroup').map((g) => props(g).MaxAmount)).toEqual([3, 3]);
    expect(JSON.stringify(template.Resources.GatewaySecurityGroup)).toContain('9000/9000');
  });

  it('can leave out the NAT gateway', () => {
    const { template } = synth({ infra: { network: { natGateway: false } } });
    expect(ofType(template, 'ALIYUN::VPC::NatGateway')).toHaveLength(0);
    for (const g of ofType(template, 'ALIYUN::ECS::InstanceGroup')) expect(g.DependsOn).toBeUndefined();
  });

  it('rejects impossible settings before synthesis', () => {
    expect(() => resolveOptions({ loadBalancer: { idleTimeoutSeconds: 300 } })).toThrow(/idleTimeoutSeconds/);
    expect(() => resolveOptions({ gateway: { nodesPerZone: 0 } })).toThrow(/nodesPerZone/);
  });
});
