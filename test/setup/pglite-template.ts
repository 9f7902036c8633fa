import { readFileSync } from 'node:fs';
import { PgliteSqlDatabase } from '../../layers/core/src/adapters/pglite/sql.js';
import { templatePath } from './pglite-template.global.js';

// Every in-memory PGlite in this test file starts from the migrated template built by global setup.
PgliteSqlDatabase.useTemplate(new Blob([readFileSync(templatePath())]));
