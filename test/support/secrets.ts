import { Secrets } from '../../app/core/secrets.js';

/** The SECRET_KEY every test app runs with, so tests can seal and read secrets too. */
export const TEST_SECRET_KEY = 'test-secret-key-that-is-long-enough-0123456789';

export const testSecrets = new Secrets(TEST_SECRET_KEY);
