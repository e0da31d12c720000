/**
 * Writes lambdas/core/api-server/openapi/definitions.data.json from the typed definitions
 * (all-definitions.ts): the data the API server decodes objects with and publishes its OpenAPI
 * documents from (components.ts).
 *
 *   npx tsx bin/openapi-definitions.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ALL_DEFINITIONS } from '#core/api-server/openapi/all-definitions.ts';

const FILE = fileURLToPath(new URL('../lambdas/core/api-server/openapi/definitions.data.json', import.meta.url));
writeFileSync(FILE, `${JSON.stringify(ALL_DEFINITIONS)}\n`);
console.log(`wrote ${Object.keys(ALL_DEFINITIONS).length} definitions to ${FILE}`);
