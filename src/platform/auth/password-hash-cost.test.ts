import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, testConfig } from '../../config.js';
import { createTestServices, type TestServices } from '../../../test/support/test-app.js';
import { verifyPassword } from './passwords.js';

const PASSPHRASE = 'lantern orchard velvet compass';
/** The cost parameters an argon2id hash carries: `m=…,t=…,p=…`. */
const costOf = (hash: string) => /^\$argon2id\$v=19\$(m=\d+,t=\d+,p=\d+)\$/.exec(hash)?.[1];

// Issue 17, point 8: the tests hash at a low cost to stay quick; nothing else ever may.
describe('the password hash cost: full everywhere but the automated tests', () => {
  let production: TestServices;
  beforeAll(async () => {
    production = await createTestServices({ config: { passwordHashCost: loadConfig({ NODE_ENV: 'production' }).passwordHashCost } });
  });
  afterAll(async () => production.close());

  it('hashes at OWASP’s argon2id minimum (19 MiB, 2 iterations) with the production configuration', async () => {
    const prepared = await production.services.credentials.preparePassword(PASSPHRASE);
    expect(costOf(prepared.hash)).toBe('m=19456,t=2,p=1');
    expect(await verifyPassword(prepared.hash, PASSPHRASE)).toBe(true);
  });

  it('uses the full cost unless the tests ask, and refuses the test cost outside NODE_ENV=test', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).passwordHashCost).toBe('full');
    expect(loadConfig({}).passwordHashCost).toBe('full');
    expect(testConfig().passwordHashCost).toBe('test');
    for (const env of ['production', 'development']) {
      expect(() => loadConfig({ NODE_ENV: env, PASSWORD_HASH_COST: 'test' })).toThrow(ConfigError);
    }
  });
});
