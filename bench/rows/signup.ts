// A sign-up rush (bench/load/signup.ts): errors by status/code, and how long a sign-up took.
import { randomBytes } from 'node:crypto';
import type { SignupResult } from '../load/signup.js';
import { runLoad } from '../processes.js';
import { repeat, type Row } from './shared.js';

export const signup: Row = {
  id: 'signup',
  async run(ctx) {
    const seats = await ctx.server('seats');
    const runs = await repeat(
      ctx,
      (rep) =>
        runLoad<SignupResult>('signup.ts', {
          base: seats.url,
          count: ctx.sizes.signups,
          prefix: `rush${rep}_${randomBytes(3).toString('hex')}_`,
        }).result,
    );
    const n = ctx.sizes.signups;
    return [
      {
        row: 'signup',
        label: `${n} sign-ups at once: errors (non-2xx)`,
        unit: '',
        figures: runs.map((run) => run.errorCount),
        details: { errors: runs.map((run) => run.errors), runs },
      },
      {
        row: 'signup',
        label: `${n} sign-ups at once: sign-up p99 (start + verify)`,
        unit: 'ms',
        figures: runs.map((run) => run.latency.signup?.p99 ?? NaN),
      },
      {
        row: 'signup',
        label: `${n} sign-ups at once: all done in`,
        unit: 's',
        figures: runs.map((run) => run.seconds),
      },
    ];
  },
};
