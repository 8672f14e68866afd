import { extendHold, lockHold } from '../../models/holds.js';
import { inTransaction } from '../../models/sql.js';
import { authorizeOwnerOrStaff } from '../../policies/booking.js';
import { presentHold } from '../../presenters/booking.js';
import { defineMethod } from '../define.js';

/** More time for a hold (HOLD_EXTENSION_SECONDS), at most HOLD_MAX_EXTENSIONS times. */
export default defineMethod<{ hold_id: string }, object>({
  type: 'holds.extend',
  summary: 'Give a hold more time (+300 s by default, at most twice).',
  access: 'signed_in',
  scope: 'write',
  input: { hold_id: { isUUID: { errorMessage: 'must be a hold id' } } },
  async run(ctx, input) {
    const { hold, contents } = await inTransaction(async (transaction) => {
      const found = await lockHold(input.hold_id, transaction);
      authorizeOwnerOrStaff(ctx.actor!, found, 'hold');
      return extendHold(found, ctx.rules, transaction);
    });
    return { hold: presentHold(hold, contents, ctx.rules) };
  },
});
