import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OneCity } from './app.ts';
import { createTestEnvironment, testLogger } from '../test/support/test-platform.ts';

describe('committed OpenAPI document', () => {
  it('matches what the server generates (run `npm run openapi -w server` after changing a route)', async () => {
    const env = await createTestEnvironment({ ONECITY_DATABASE_URL: '', ONECITY_NATS_URL: '' });
    const app = await OneCity.create({ config: env.config, logger: testLogger(), seedDemo: false });
    try {
      await app.http.ready();
      const generated = JSON.parse(JSON.stringify(app.http.swagger()));
      const committed = JSON.parse(
        fs.readFileSync(path.resolve(import.meta.dirname, '../openapi.json'), 'utf8'),
      );
      expect(committed).toEqual(generated);
    } finally {
      await app.close();
      await env.cleanup();
    }
  });
});
