/**
 * The definitions the API server reads are data (definitions.data.json), written from the typed
 * definitions by bin/openapi-definitions.ts: they must be the same, or a changed definition would
 * not reach the server.
 */
import { describe, expect, it } from 'vitest';
import { ALL_DEFINITIONS } from '#core/api-server/openapi/all-definitions.ts';
import { DEFINITIONS } from '#core/api-server/openapi/components.ts';

describe('the OpenAPI definitions as data', () => {
  it('are the typed definitions (run `npx tsx bin/openapi-definitions.ts` when this fails)', () => {
    expect(DEFINITIONS).toEqual(JSON.parse(JSON.stringify(ALL_DEFINITIONS)));
    expect(Object.keys(DEFINITIONS)).toEqual(Object.keys(ALL_DEFINITIONS));
  });
});
