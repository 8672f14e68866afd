import { randomUUID } from 'node:crypto';
import { AppError } from '../core/errors.js';
import type { Actor } from '../shared/types.js';

/** What a payment provider is asked to do, and what it answers. */
export interface ChargeRequest {
  amountCents: number;
  currency: string;
  /** The provider's own fields, as the client sent them (a card number, a method). */
  details: Record<string, unknown>;
  description: string;
}

export interface ChargeResult {
  status: 'succeeded' | 'declined';
  reference: string;
}

/**
 * A way to take money. `charge` declines with a reference rather than throwing; `refund`
 * gives back a charge that succeeded. A real provider (Stripe, Adyen) plugs in here.
 */
export interface PaymentProvider {
  name: string;
  /** Who may take payments this way. */
  allowed(actor: Actor): boolean;
  /** VALIDATION_FAILED when the details are not what this provider needs. */
  check(details: Record<string, unknown>): void;
  charge(request: ChargeRequest): Promise<ChargeResult>;
  /** Gives back a charge; the same `idempotencyKey` twice refunds once. */
  refund(
    chargeReference: string,
    amountCents: number,
    idempotencyKey: string,
  ): Promise<{ reference: string }>;
}

const DECLINED_CARD = '4000000000000002';

/** Luhn's check digit, which every real card number passes. */
function luhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

const cardNumber = (details: Record<string, unknown>) =>
  String(details.card_number ?? '').replace(/[\s-]/g, '');

/**
 * Simulated cards, as payment providers' test modes have them: 4000 0000 0000 0002 is
 * declined, any other well-formed number succeeds.
 */
const testCards: PaymentProvider = {
  name: 'test',
  allowed: () => true,
  check(details) {
    const number = cardNumber(details);
    if (!/^\d{12,19}$/.test(number) || !luhn(number))
      throw new AppError('VALIDATION_FAILED', 'Check the card number.', {
        'payment.card_number': 'is not a valid card number',
      });
  },
  async charge(request) {
    const declined = cardNumber(request.details) === DECLINED_CARD;
    return { status: declined ? 'declined' : 'succeeded', reference: `test_${randomUUID()}` };
  },
  async refund(_charge, _amount, idempotencyKey) {
    return { reference: `test_${idempotencyKey}` };
  },
};

/** Cash or a card terminal at the counter: staff record what they took. */
const boxOffice: PaymentProvider = {
  name: 'box_office',
  allowed: (actor) => actor.role === 'staff' || actor.role === 'admin',
  check(details) {
    if (details.method !== 'cash' && details.method !== 'card')
      throw new AppError('VALIDATION_FAILED', 'Say how the customer paid.', {
        'payment.method': 'must be cash or card',
      });
  },
  async charge(request) {
    return {
      status: 'succeeded',
      reference: `box_${String(request.details.method)}_${randomUUID()}`,
    };
  },
  async refund(_charge, _amount, idempotencyKey) {
    return { reference: `box_${idempotencyKey}` };
  },
};

export const PAYMENT_PROVIDERS: ReadonlyMap<string, PaymentProvider> = new Map(
  [testCards, boxOffice].map((provider) => [provider.name, provider]),
);

/** The provider for a payment, checked for the caller and its details. */
export function providerFor(
  actor: Actor,
  payment: { provider: string } & Record<string, unknown>,
): PaymentProvider {
  const provider = PAYMENT_PROVIDERS.get(payment.provider);
  if (!provider)
    throw new AppError('VALIDATION_FAILED', 'Unknown payment provider.', {
      'payment.provider': `must be one of ${[...PAYMENT_PROVIDERS.keys()].join(', ')}`,
    });
  if (!provider.allowed(actor))
    throw new AppError('FORBIDDEN', `Only box-office staff take ${provider.name} payments.`);
  provider.check(payment);
  return provider;
}
