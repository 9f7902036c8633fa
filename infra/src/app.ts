import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { synthesize } from './synth.js';

/**
 * `npm run infra:synth`: writes the ROS template to infra/cdk.out/ChatStack.template.json.
 * Deploy it with the ROS console or `ros-cdk deploy` (needs an Alibaba Cloud account; see README).
 */
// The ROS CDK CLI (cdk.json) passes its output directory in CDK_OUTDIR.
const outdir = process.env.CDK_OUTDIR ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'cdk.out');
const { template, templateFile } = synthesize(outdir);

const types = new Map<string, number>();
for (const r of Object.values(template.Resources)) types.set(r.Type, (types.get(r.Type) ?? 0) + 1);
console.log(`synthesized ${Object.keys(template.Resources).length} resources → ${path.relative(process.cwd(), templateFile)}`);
for (const [type, n] of [...types].sort()) console.log(`  ${n} × ${type}`);
