import type { Transaction } from 'sequelize';
import { PAYMENT_PROVIDERS } from './payment-providers.js';
import { execute, inTransaction, selectRows } from './sql.js';

// Charges and refunds of bookings. A refund is written with what owes it (a cancellation,
// a charge whose booking did not happen) and settled with its provider after the commit.

/** Writes a pending refund for each succeeded charge of a booking that has none yet. */
export async function owedRefunds(bookingId: string, transaction: Transaction): Promise<number[]> {
  const rows = await selectRows<{ id: number }>(
    `INSERT INTO payments (booking_id, provider, kind, status, amount_cents, currency, reference, refund_of)
     SELECT c.booking_id, c.provider, 'refund', 'pending', c.amount_cents, c.currency, '', c.id
       FROM payments c
      WHERE c.booking_id = :bookingId AND c.kind = 'charge' AND c.status = 'succeeded'
        AND NOT EXISTS (SELECT 1 FROM payments r WHERE r.refund_of = c.id)
      ORDER BY c.id
     RETURNING id`,
    { bookingId },
    transaction,
  );
  return rows.map((row) => row.id);
}

/** Records a charge, taken or declined. */
export async function recordCharge(
  charge: {
    bookingId: string;
    provider: string;
    status: 'succeeded' | 'declined';
    amountCents: number;
    currency: string;
    reference: string;
  },
  transaction?: Transaction,
): Promise<void> {
  await execute(
    `INSERT INTO payments (booking_id, provider, kind, status, amount_cents, currency, reference)
     VALUES (:bookingId, :provider, 'charge', :status, :amountCents, :currency, :reference)`,
    charge,
    transaction,
  );
}

/**
 * Settles a pending refund with its provider, giving back the charge it names. The row is
 * claimed with SKIP LOCKED, so two processes never settle it at once, and the provider is
 * asked with the refund's id as its idempotency key, so a refund retried after a crash
 * between the provider's answer and the commit is not paid twice. A provider failure
 * leaves it pending for the next try.
 */
export async function settleRefund(paymentId: number): Promise<boolean> {
  return inTransaction(async (transaction) => {
    const [pending] = await selectRows<{
      provider: string;
      charge_reference: string;
      amount_cents: number;
    }>(
      `SELECT r.provider, c.reference AS charge_reference, r.amount_cents
         FROM payments r JOIN payments c ON c.id = r.refund_of
        WHERE r.id = :paymentId AND r.status = 'pending' FOR UPDATE OF r SKIP LOCKED`,
      { paymentId },
      transaction,
    );
    if (!pending) return false;
    const provider = PAYMENT_PROVIDERS.get(pending.provider)!;
    const done = await provider.refund(
      pending.charge_reference,
      pending.amount_cents,
      `refund-${paymentId}`,
    );
    await execute(
      `UPDATE payments SET status = 'succeeded', reference = :reference WHERE id = :paymentId`,
      { reference: done.reference, paymentId },
      transaction,
    );
    return true;
  });
}

/** Refunds still owed (their provider failed, or the process stopped): a batch of ids. */
export async function pendingRefunds(batch = 50): Promise<number[]> {
  const rows = await selectRows<{ id: number }>(
    `SELECT id FROM payments WHERE status = 'pending' ORDER BY id LIMIT :batch`,
    { batch },
  );
  return rows.map((row) => row.id);
}
