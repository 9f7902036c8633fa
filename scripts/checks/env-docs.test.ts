import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { functionConfig } from '@chat/core/config/env';
import { envNames } from '@chat/core/config/env-kit';
import { gatewayConfig } from '@chat/gateway/config';
import { localCloudConfig } from '../local-cloud/config.js';
import { ROOT } from '../lib/s-yaml.js';

/** Read by shell scripts, not by a config slice. */
const shellOnly = ['SERVICES_DIR'];

const slices = [functionConfig, gatewayConfig, localCloudConfig];
const declared = new Set(slices.flatMap((s) => envNames(s.schema)));

// README's Environment table: one row per variable (or group), names in backticks.
const rows = readFileSync(path.join(ROOT, 'README.md'), 'utf8')
  .split('## Environment')[1]!
  .split('\n## ')[0]!
  .split('\n')
  .filter((line) => line.startsWith('| `'));
const namesIn = (text: string) => [...text.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]!);

describe('README environment table', () => {
  it('documents every variable a slice reads', () => {
    const documented = new Set(rows.flatMap(namesIn));
    expect([...declared].filter((name) => !documented.has(name))).toEqual([]);
  });

  it('lists no variable that no slice reads', () => {
    const listed = rows.flatMap((row) => namesIn(row.split('|')[1]!));
    expect(listed.filter((name) => !declared.has(name) && !shellOnly.includes(name))).toEqual([]);
  });
});

// One AccessKey per process, declared once in alibaba-cloud.ts and read by every section that signs
// Alibaba Cloud requests (OSS in media, the ARTC server API in calls): the same declaration, reused.
const sharedAcrossSections = new Set(['ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'ALIBABA_CLOUD_SECURITY_TOKEN']);

describe('config slices', () => {
  it('declare each variable once per slice', () => {
    for (const slice of slices) {
      const names = envNames(slice.schema).filter((n) => !sharedAcrossSections.has(n));
      expect(
        names.filter((n, i) => names.indexOf(n) !== i),
        slice.what,
      ).toEqual([]);
    }
  });

  it('are built from one envVar declaration per variable across the code base', () => {
    const sections = path.join(ROOT, 'layers/core/src/config/sections');
    const files = [
      ...readdirSync(sections).map((f) => path.join(sections, f)),
      path.join(ROOT, 'gateway/src/config.ts'),
      path.join(ROOT, 'scripts/local-cloud/config.ts'),
    ];
    const calls = files.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/envVar\(\s*'([A-Z][A-Z0-9_]*)'/g)].map((m) => m[1]!));
    expect(calls.filter((n, i) => calls.indexOf(n) !== i)).toEqual([]);
    expect(new Set(calls)).toEqual(declared);
  });
});
