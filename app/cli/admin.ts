import { ConfigError, loadConfig, loadDotEnv } from '../core/config.js';
import { openDatabase } from '../core/database.js';
import { createLogger } from '../core/logger.js';
import { migrateAndSeed } from '../core/migrator.js';
import { Secrets } from '../core/secrets.js';
import { ENROLLMENT_TTL_MS } from '../core/session.js';
import { qrTerminal } from '../core/qr.js';
import { newTotpSecret, totpUri } from '../core/totp.js';
import { createEnrolledUser } from '../models/enrollment.js';
import { initModels, User } from '../models/index.js';

// `npm run admin -- create NAME`: makes an admin account from a terminal, for a first
// start without a browser or to recover from losing every admin. Whoever runs it already
// controls the server, so the account is created at once; the QR code, the otpauth://
// URL and the recovery codes are printed for its owner.
const [command, name] = process.argv.slice(2);
if (command !== 'create' || !name) {
  console.error('usage: npm run admin -- create USERNAME');
  process.exit(2);
}
const username = name.trim().toLowerCase();
if (!/^[a-z0-9_.-]{3,32}$/.test(username)) {
  console.error('A username is 3 to 32 characters of a-z, 0-9, "_", "." and "-".');
  process.exit(2);
}

loadDotEnv();
try {
  const config = loadConfig();
  const logger = createLogger({
    LOG_LEVEL: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL,
  });
  const secrets = Secrets.fromConfig(config);
  const db = await openDatabase(config, logger);
  try {
    initModels(db.sequelize);
    await migrateAndSeed(db, logger, { seed: 'if-never-seeded' });
    if (await User.findByUsername(username)) {
      console.error(
        `The username "${username}" is taken. Change its role at /admin/users instead.`,
      );
      process.exitCode = 1;
    } else {
      const secret = newTotpSecret();
      const pending = {
        purpose: 'setup' as const,
        username,
        secret: secrets.encrypt(secret),
        expires_at: Date.now() + ENROLLMENT_TTL_MS,
      };
      const { user, recovery_codes } = await createEnrolledUser(pending, 0, 'admin', secrets);
      const uri = totpUri(user.username, secret);
      console.log(`Created admin "${user.username}". Scan this with an authenticator app:\n`);
      console.log(await qrTerminal(uri));
      console.log(`otpauth URL: ${uri}`);
      console.log(`Key for manual entry: ${secret}\n`);
      console.log('Recovery codes (each works once; store them safely, they are not shown again):');
      for (const code of recovery_codes) console.log(`  ${code}`);
    }
  } finally {
    await db.close();
  }
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
}
