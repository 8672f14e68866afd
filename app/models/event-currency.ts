import { AppError } from '../core/errors.js';

/**
 * VALIDATION_FAILED unless every price is in the same currency. A booking adds up the
 * prices of its places into one total, which means nothing across currencies.
 */
export function assertOneCurrency(prices: Array<{ currency: string }>): void {
  const currencies = [...new Set(prices.map((price) => price.currency))];
  if (currencies.length > 1) {
    throw new AppError('VALIDATION_FAILED', 'All prices of an event must be in one currency.', {
      prices: `must all be in one currency (found ${currencies.sort().join(', ')})`,
    });
  }
}
