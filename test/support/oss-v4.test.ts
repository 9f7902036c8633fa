import { describe, expect, it } from 'vitest';
import { canonicalRequest, isoBasic, signV4, type V4Input } from './oss-v4.js';

// Vectors from aliyun/alibabacloud-oss-go-sdk-v2 oss/signer/signer_test.go (see media-notes.md §5).
const query: [string, string][] = [
  ['param1', 'value1'],
  ['+param1', 'value3'],
  ['|param1', 'value4'],
  ['+param2', ''],
  ['|param2', ''],
  ['param2', ''],
];
const base = { method: 'PUT', bucket: 'bucket', key: '1234+-/123/1.txt' };
const headers = { 'x-oss-head1': 'value', abc: 'value', zabc: 'value', xyz: 'value' };

describe('OSS V4 signer (official SDK vectors)', () => {
  it('signs the header form', () => {
    const time = isoBasic(1702743657);
    const input: V4Input = {
      ...base,
      query,
      headers: { ...headers, 'content-type': 'text/plain', 'x-oss-content-sha256': 'UNSIGNED-PAYLOAD', 'x-oss-date': time },
      additionalHeaders: [],
    };
    expect(signV4('sk', time, 'cn-hangzhou', input)).toBe('e21d18daa82167720f9b1047ae7e7f1ce7cb77a31e8203a7d5f4624fa0284afe');
  });

  it('signs the header form with additional headers', () => {
    const time = isoBasic(1702747512);
    const input: V4Input = {
      ...base,
      query,
      headers: { ...headers, 'content-type': 'text/plain', 'x-oss-content-sha256': 'UNSIGNED-PAYLOAD', 'x-oss-date': time },
      additionalHeaders: ['abc', 'zabc'],
    };
    expect(signV4('sk', time, 'cn-hangzhou', input)).toBe('4a4183c187c07c8947db7620deb0a6b38d9fbdd34187b6dbaccb316fa251212f');
  });

  it('signs the presigned (query) form', () => {
    const time = isoBasic(1702781677);
    expect(time).toBe('20231217T025437Z');
    const presigned: [string, string][] = [
      ...query,
      ['x-oss-credential', 'ak/20231217/cn-hangzhou/oss/aliyun_v4_request'],
      ['x-oss-date', time],
      ['x-oss-expires', '599'],
      ['x-oss-signature-version', 'OSS4-HMAC-SHA256'],
    ];
    const input: V4Input = { ...base, query: presigned, headers: { ...headers, 'content-type': 'application/octet-stream' }, additionalHeaders: [] };
    expect(canonicalRequest(input).split('\n')[2]).toBe(
      '%2Bparam1=value3&%2Bparam2&%7Cparam1=value4&%7Cparam2&param1=value1&param2&x-oss-credential=ak%2F20231217%2Fcn-hangzhou%2Foss%2Faliyun_v4_request&x-oss-date=20231217T025437Z&x-oss-expires=599&x-oss-signature-version=OSS4-HMAC-SHA256',
    );
    expect(signV4('sk', time, 'cn-hangzhou', input)).toBe('a39966c61718be0d5b14e668088b3fa07601033f6518ac7b523100014269c0fe');
  });

  it('changes with any signed input', () => {
    const time = isoBasic(1702743657);
    const input: V4Input = { ...base, query, headers: { ...headers, 'content-type': 'text/plain', 'x-oss-date': time }, additionalHeaders: [] };
    const sig = signV4('sk', time, 'cn-hangzhou', input);
    expect(signV4('sk', time, 'cn-hangzhou', { ...input, headers: { ...input.headers, 'content-type': 'text/html' } })).not.toBe(sig);
    expect(signV4('sk', time, 'cn-hangzhou', { ...input, key: '1234+-/123/2.txt' })).not.toBe(sig);
    expect(signV4('sk', time, 'cn-hangzhou', { ...input, headers: { ...input.headers, xyz: 'other' } })).toBe(sig);
  });
});
