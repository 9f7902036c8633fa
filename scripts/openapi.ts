import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildOpenApi } from '@chat/core/api/openapi';
import { ROOT } from './lib/s-yaml.js';

/** `npm run openapi`: regenerates docs/openapi.json from the request and response schemas. */
export const OPENAPI_FILE = path.join(ROOT, 'docs', 'openapi.json');
export const renderOpenApi = () => `${JSON.stringify(buildOpenApi(), null, 2)}\n`;

if (process.argv[1] === import.meta.filename) {
  writeFileSync(OPENAPI_FILE, renderOpenApi());
  console.log(`wrote ${path.relative(process.cwd(), OPENAPI_FILE)}`);
}
