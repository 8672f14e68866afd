import type { MigrationFn } from '../app/core/migrator.js';

// Demo coupons, to try at checkout: WELCOME10 (10% off, 500 uses) and FIVEOFF (€5 off,
// 100 uses). Re-running it adds nothing.
export const up: MigrationFn = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    INSERT INTO coupons (code, kind, amount, currency, usage_limit) VALUES
      ('WELCOME10', 'percent', 10, NULL, 500),
      ('FIVEOFF', 'fixed', 500, 'EUR', 100)
    ON CONFLICT (code) DO NOTHING
  `);
};

export const down: MigrationFn = async ({ context: { sequelize } }) => {
  await sequelize.query(
    "DELETE FROM coupons WHERE code IN ('WELCOME10', 'FIVEOFF') AND used_count = 0",
  );
};
