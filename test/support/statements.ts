import { testSequelize } from './db.js';

/** The SQL statements this process sends through Sequelize while `work` runs. */
export async function statementsDuring(work: () => Promise<unknown>): Promise<string[]> {
  const options = (testSequelize() as unknown as { options: { logging: unknown } }).options;
  const before = options.logging;
  const seen: string[] = [];
  options.logging = (sql: string) => seen.push(sql);
  try {
    await work();
  } finally {
    options.logging = before;
  }
  return seen;
}
