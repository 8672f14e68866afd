// The event form's fields and the event methods' input, both ways. Times are entered
// and shown in the venue's time zone; prices in major units ("12.50").
import { fromWallTime, toWallTime } from '../../shared/format.js';
import { fieldText } from './forms.js';

type Body = Record<string, unknown>;
const text = (value: unknown) => fieldText(value).trim();

export interface FormSection {
  id: number;
  name: string;
}

interface PresentedEvent {
  title: string;
  description: string;
  image_url: string | null;
  starts_at: string;
  ends_at: string;
  sales_start: string | null;
  sales_end: string | null;
  max_per_order: number;
  prices: Array<{ section_id: number; price_cents: number; currency: string }>;
}

/** "12.50" as 1250; what is not an amount stays as it was, for the method to refuse. */
function cents(value: string): number | string {
  const amount = value.replace(',', '.');
  return /^\d{1,7}(\.\d{1,2})?$/.test(amount) ? Math.round(Number(amount) * 100) : value;
}

/** The form's values for an event as it is. */
export function formFromEvent(event: PresentedEvent, timeZone: string): Record<string, string> {
  const form: Record<string, string> = {
    title: event.title,
    description: event.description,
    image_url: event.image_url ?? '',
    starts_at: toWallTime(event.starts_at, timeZone),
    ends_at: toWallTime(event.ends_at, timeZone),
    sales_start: toWallTime(event.sales_start, timeZone),
    sales_end: toWallTime(event.sales_end, timeZone),
    max_per_order: String(event.max_per_order),
    currency: event.prices[0]?.currency ?? 'EUR',
  };
  for (const price of event.prices)
    form[`price_${price.section_id}`] = (price.price_cents / 100).toFixed(2);
  return form;
}

/**
 * The input of events.create / events.update from a posted form. Empty optional fields
 * are left out, and prices only for the sections that have one.
 */
export function eventInputFromForm(
  body: Body,
  sections: FormSection[],
  timeZone: string,
  options: { clearing?: boolean } = {},
): Record<string, unknown> & { prices: Array<{ section_id: number }> } {
  // Editing, an emptied field clears what was there; creating, it is left out.
  const empty = (field: string) =>
    options.clearing ? { [field]: field === 'max_per_order' ? '10' : null } : {};
  const when = (field: string) => {
    const value = text(body[field]);
    return value ? { [field]: fromWallTime(value, timeZone) } : empty(field);
  };
  const optional = (field: string) =>
    text(body[field]) ? { [field]: text(body[field]) } : empty(field);
  const currency = text(body.currency).toUpperCase() || 'EUR';
  return {
    title: text(body.title),
    description: text(body.description),
    ...optional('image_url'),
    ...(text(body.starts_at) ? { starts_at: fromWallTime(text(body.starts_at), timeZone) } : {}),
    ...(text(body.ends_at) ? { ends_at: fromWallTime(text(body.ends_at), timeZone) } : {}),
    ...when('sales_start'),
    ...when('sales_end'),
    ...optional('max_per_order'),
    prices: sections
      .filter((section) => text(body[`price_${section.id}`]))
      .map((section) => ({
        section_id: section.id,
        price_cents: cents(text(body[`price_${section.id}`])),
        currency,
      })),
  };
}

/** More showings: one start per line, each as long as the first. */
export function showingsFromForm(
  body: Body,
  first: Record<string, unknown>,
  timeZone: string,
): Array<{ starts_at: string; ends_at: string }> | null {
  const lines = text(body.more_showings)
    .split(/\n/)
    .map((line) => line.trim().replace(' ', 'T'))
    .filter(Boolean);
  const { starts_at, ends_at } = first;
  if (!lines.length || typeof starts_at !== 'string' || typeof ends_at !== 'string') return null;
  const length = Date.parse(ends_at) - Date.parse(starts_at);
  return [{ starts_at, ends_at }].concat(
    lines.map((line) => {
      const starts = fromWallTime(line, timeZone);
      const start = Date.parse(starts);
      return {
        starts_at: starts,
        ends_at: Number.isNaN(start) ? starts : new Date(start + length).toISOString(),
      };
    }),
  );
}

/** The methods' error keys as the form's fields: prices by section, showings as one field. */
export function formErrors(
  details: Record<string, string>,
  prices: Array<{ section_id: number }>,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [key, message] of Object.entries(details)) {
    const price = /^prices\[(\d+)\]/.exec(key);
    const showing = /^showings\[(\d+)\]\.(\w+)$/.exec(key);
    if (price && key.endsWith('.currency')) {
      errors.currency = message;
    } else if (price) {
      const section = prices[Number(price[1])]?.section_id;
      errors[`price_${section}`] = 'must be an amount such as 12.50';
    } else if (showing && showing[1] !== '0') {
      errors.more_showings ??= `line ${Number(showing[1])}: ${message}`;
    } else errors[showing ? showing[2]! : key] = message;
  }
  return errors;
}
