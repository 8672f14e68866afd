import type { Transaction } from 'sequelize';
import { execute } from '../sql.js';
import { lockPlaces } from './locks.js';

/**
 * A hold's seats stay held until its new expiry (an extension: the caller has locked the
 * hold and moved its `expires_at`). The seats are locked in the lock order first.
 */
export async function keepHeldUntil(
  hold: { id: string; event_id: number; expires_at: Date },
  transaction: Transaction,
): Promise<void> {
  await lockPlaces(hold.event_id, { heldBy: hold.id }, transaction);
  await execute(
    `UPDATE event_seats SET held_until = :until WHERE hold_id = :holdId AND status = 'held'`,
    { until: hold.expires_at, holdId: hold.id },
    transaction,
  );
}
