// Formatting for people, in one place: the pages use these through app.locals.
import { TZDate } from '@date-fns/tz';

export function formatMoney(cents: number, currency: string): string {
  if (cents === 0) return 'Free';
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(cents / 100);
}

/** "Sat 28 Nov, 19:00", in the venue's time zone. */
export function formatDateTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  }).format(new Date(iso));
}

/** An instant as a `datetime-local` field shows it in `timeZone`: "2026-11-28T19:00". */
export function toWallTime(iso: string | null, timeZone: string): string {
  if (!iso) return '';
  const wall = new TZDate(iso, timeZone);
  const two = (value: number) => String(value).padStart(2, '0');
  return `${wall.getFullYear()}-${two(wall.getMonth() + 1)}-${two(wall.getDate())}T${two(wall.getHours())}:${two(wall.getMinutes())}`;
}

/**
 * What a `datetime-local` field means in `timeZone`, as an ISO instant; `value` as it was
 * when it is not such a field's value, for the method to reject.
 */
export function fromWallTime(value: string, timeZone: string): string {
  const parts = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value.trim());
  if (!parts) return value;
  const [year, month, day, hour, minute] = parts.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const instant = new TZDate(year, month - 1, day, hour, minute, timeZone);
  // A day that does not exist (30 February) rolls over into the next month: refuse it.
  const real =
    !Number.isNaN(instant.getTime()) &&
    instant.getFullYear() === year &&
    instant.getMonth() === month - 1 &&
    instant.getDate() === day;
  return real ? new Date(instant.getTime()).toISOString() : value;
}
