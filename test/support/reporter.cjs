'use strict';
// Mocha's spec reporter, plus a last line with the plain count that CI reads:
// "N passed, N failed" (", N skipped" when some were).
const Mocha = require('mocha');

const { EVENT_RUN_END, EVENT_TEST_FAIL } = Mocha.Runner.constants;

// Sequelize gives its errors the stack of the call ("Error\n at Query.run"), which lacks
// the message, and Mocha then prints a bare "Error"; the message and SQLSTATE go back in.
function withMessage(error) {
  if (!error || typeof error.stack !== 'string' || !error.message) return;
  if (error.stack.includes(error.message)) return;
  const code = error.original?.code ? ` (${error.original.code})` : '';
  error.stack = error.stack.replace(/^[^\n]*/, () => `${error.name}: ${error.message}${code}`);
}

class CountingSpecReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.on(EVENT_TEST_FAIL, (_test, error) => withMessage(error));
    runner.once(EVENT_RUN_END, () => {
      const { passes, failures, pending } = runner.stats;
      const skipped = pending ? `, ${pending} skipped` : '';
      process.stdout.write(`\n${passes} passed, ${failures} failed${skipped}\n`);
    });
  }
}

module.exports = CountingSpecReporter;
