// A hall's seat layout: the JSON that the layout editor exports and imports, and the
// generator that turns "rows A–J, 20 seats, aisle after 10, curved" into seats. Pure
// functions, shared by the server and (later) the editor in the browser.

export interface LayoutSeat {
  row: string;
  number: number;
  x: number;
  y: number;
  accessible?: boolean;
  companion?: boolean;
}

export interface LayoutArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * A block of rows as the layout editor describes it ("rows A to J, 20 seats each, an
 * aisle after seat 10, curved"). A seated section may give one instead of its seats;
 * it is turned into seats when the layout is checked, and stored only as seats.
 */
export interface RowsBlock {
  /** The front row's label: letters (A, AA) or a number; the others follow it. */
  first_row: string;
  rows: number;
  seats_per_row: number;
  /** A one-seat aisle after these seat positions (1-based, left to right). */
  aisles_after?: number[];
  numbering?: 'left_to_right' | 'right_to_left';
  /** 0 for straight rows; more bends the rows' ends towards the stage. */
  curve?: number;
  /** Where the front-left seat goes. */
  x?: number;
  y?: number;
}

export interface LayoutSection {
  name: string;
  kind: 'seated' | 'general_admission';
  /** General admission only: how many places. */
  capacity?: number;
  /** Seated only. */
  seats?: LayoutSeat[];
  /** Seated only, instead of `seats` when importing. */
  rows?: RowsBlock;
  /** General admission only: where to draw it. */
  area?: LayoutArea;
}

export interface HallLayout {
  sections: LayoutSection[];
}

export const LAYOUT_LIMITS = {
  sections: 50,
  rowsPerBlock: 100,
  seatsPerRow: 200,
  curve: 20,
  seats: 5000,
  coordinate: 2000,
  /** Seats closer than this (centre to centre, in layout units) overlap. */
  minSeatDistance: 0.8,
  gaCapacity: 100_000,
} as const;

export type LayoutErrors = Record<string, string>;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const finite = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/**
 * Checks an imported layout. Errors are keyed by where they are (`sections[1].seats[4]`)
 * and say what is wrong in words a hall manager understands.
 */
export function validateLayout(
  input: unknown,
): { layout: HallLayout; errors?: undefined } | { errors: LayoutErrors } {
  const errors: LayoutErrors = {};
  if (!isObject(input) || !Array.isArray(input.sections))
    return { errors: { layout: 'must be an object with a "sections" list' } };
  if (input.sections.length === 0) return { errors: { sections: 'add at least one section' } };
  if (input.sections.length > LAYOUT_LIMITS.sections)
    return { errors: { sections: `at most ${LAYOUT_LIMITS.sections} sections` } };
  const rawSections = input.sections.map((raw: unknown, index: number) =>
    isObject(raw) && raw.kind === 'seated' && raw.seats === undefined && raw.rows !== undefined
      ? { ...raw, seats: seatsOfBlock(raw.rows, `sections[${index}].rows`, errors) }
      : raw,
  );

  const names = new Map<string, number>();
  // Seats placed so far, bucketed in cells of the minimum distance, so an overlap check
  // looks at nine cells instead of every seat (5,000 seats: linear, not quadratic).
  const cell = LAYOUT_LIMITS.minSeatDistance;
  const placed = new Map<string, Array<{ x: number; y: number; label: string }>>();
  const near = (x: number, y: number) => {
    const [cx, cy] = [Math.floor(x / cell), Math.floor(y / cell)];
    return [-1, 0, 1].flatMap((dx) =>
      [-1, 0, 1].flatMap((dy) => placed.get(`${cx + dx}:${cy + dy}`) ?? []),
    );
  };
  const totalSeats = rawSections.reduce(
    (sum: number, section: unknown) =>
      sum + (isObject(section) && Array.isArray(section.seats) ? section.seats.length : 0),
    0,
  );
  if (totalSeats > LAYOUT_LIMITS.seats)
    return { errors: { sections: `at most ${LAYOUT_LIMITS.seats} seats in a hall` } };
  const sections: LayoutSection[] = [];

  rawSections.forEach((raw: unknown, index: number) => {
    const at = `sections[${index}]`;
    if (!isObject(raw)) return void (errors[at] = 'must be an object');
    const name = typeof raw.name === 'string' ? raw.name.trim() : '';
    if (!name || name.length > 80) errors[`${at}.name`] = 'must be 1 to 80 characters';
    else if (names.has(name.toLowerCase()))
      errors[`${at}.name`] =
        `"${name}" is used by section ${names.get(name.toLowerCase())! + 1} too`;
    else names.set(name.toLowerCase(), index);

    if (raw.kind === 'general_admission') {
      const capacity = raw.capacity;
      if (
        !Number.isInteger(capacity) ||
        (capacity as number) < 1 ||
        (capacity as number) > LAYOUT_LIMITS.gaCapacity
      ) {
        errors[`${at}.capacity`] =
          `a standing area needs a capacity from 1 to ${LAYOUT_LIMITS.gaCapacity}`;
      }
      let area: LayoutArea | undefined;
      if (raw.area !== undefined) {
        const box = isObject(raw.area) ? raw.area : {};
        const values = [box.x, box.y, box.width, box.height];
        const limit = LAYOUT_LIMITS.coordinate;
        if (
          !values.every(finite) ||
          values.some((value) => Math.abs(value as number) > limit) ||
          (box.width as number) <= 0 ||
          (box.height as number) <= 0
        ) {
          errors[`${at}.area`] = `needs x, y, a positive width and height, each within ±${limit}`;
        } else {
          area = {
            x: box.x as number,
            y: box.y as number,
            width: box.width as number,
            height: box.height as number,
          };
        }
      }
      sections.push({
        name,
        kind: 'general_admission',
        capacity: capacity as number,
        ...(area ? { area } : {}),
      });
      return;
    }
    if (raw.kind !== 'seated')
      return void (errors[`${at}.kind`] = 'must be "seated" or "general_admission"');
    if (Object.keys(errors).some((key) => key.startsWith(`${at}.rows`))) return;
    if (!Array.isArray(raw.seats) || raw.seats.length === 0)
      return void (errors[`${at}.seats`] = 'a seated section needs at least one seat');

    const labels = new Set<string>();
    const seats: LayoutSeat[] = [];
    raw.seats.forEach((seat: unknown, seatIndex: number) => {
      const where = `${at}.seats[${seatIndex}]`;
      if (!isObject(seat)) return void (errors[where] = 'must be an object');
      const row = typeof seat.row === 'string' ? seat.row.trim() : '';
      if (!row || row.length > 8)
        return void (errors[`${where}.row`] = 'must be a row label of 1 to 8 characters');
      if (
        !Number.isInteger(seat.number) ||
        (seat.number as number) < 1 ||
        (seat.number as number) > 9999
      )
        return void (errors[`${where}.number`] = 'must be a whole number from 1 to 9999');
      if (
        ![seat.x, seat.y].every(finite) ||
        Math.abs(seat.x as number) > LAYOUT_LIMITS.coordinate ||
        Math.abs(seat.y as number) > LAYOUT_LIMITS.coordinate
      ) {
        return void (errors[where] =
          `needs x and y between -${LAYOUT_LIMITS.coordinate} and ${LAYOUT_LIMITS.coordinate}`);
      }
      const label = `${row}-${seat.number as number}`;
      if (labels.has(label))
        return void (errors[where] = `seat ${label} appears twice in "${name}"`);
      labels.add(label);
      const x = seat.x as number;
      const y = seat.y as number;
      const clash = near(x, y).find((other) => Math.hypot(other.x - x, other.y - y) < cell);
      if (clash)
        return void (errors[where] = `seat ${label} of "${name}" overlaps seat ${clash.label}`);
      const key = `${Math.floor(x / cell)}:${Math.floor(y / cell)}`;
      placed.set(key, [...(placed.get(key) ?? []), { x, y, label: `${label} of "${name}"` }]);
      seats.push({
        row,
        number: seat.number as number,
        x,
        y,
        accessible: seat.accessible === true,
        companion: seat.companion === true,
      });
    });
    sections.push({ name, kind: 'seated', seats });
  });
  return Object.keys(errors).length ? { errors } : { layout: { sections } };
}

export interface RowsSpec {
  /** Row labels in order, front to back, e.g. ["A", "B", "C"]. */
  rows: string[];
  seatsPerRow: number;
  /** Leave a one-seat aisle after these seat positions (1-based, left to right). */
  aislesAfter?: number[];
  numbering?: 'left_to_right' | 'right_to_left';
  /** 0: straight rows; larger: rows wrap around the stage, their ends this much nearer it than their middle. */
  curve?: number;
  /** Where the front-left seat goes, and the distance between seats and rows. */
  origin?: { x: number; y: number };
  spacing?: number;
}

const wholeIn = (value: unknown, min: number, max: number): value is number =>
  Number.isInteger(value) && (value as number) >= min && (value as number) <= max;

/** The seats of a block of rows, or none, with what is wrong with it added to `errors`. */
function seatsOfBlock(input: unknown, at: string, errors: LayoutErrors): LayoutSeat[] {
  const block = isObject(input) ? input : {};
  const problems: LayoutErrors = {};
  const first = typeof block.first_row === 'string' ? block.first_row.trim().toUpperCase() : '';
  if (!/^([A-Z]{1,3}|\d{1,4})$/.test(first))
    problems.first_row = 'must be a row label such as A or 1';
  if (!wholeIn(block.rows, 1, LAYOUT_LIMITS.rowsPerBlock))
    problems.rows = `must be a whole number from 1 to ${LAYOUT_LIMITS.rowsPerBlock}`;
  if (!wholeIn(block.seats_per_row, 1, LAYOUT_LIMITS.seatsPerRow))
    problems.seats_per_row = `must be a whole number from 1 to ${LAYOUT_LIMITS.seatsPerRow}`;
  const aisles = block.aisles_after ?? [];
  if (
    !Array.isArray(aisles) ||
    !aisles.every((after) => wholeIn(after, 1, Number(block.seats_per_row) - 1))
  )
    problems.aisles_after = 'must be seat positions inside the row, such as 4, 10';
  if (
    block.numbering !== undefined &&
    block.numbering !== 'left_to_right' &&
    block.numbering !== 'right_to_left'
  )
    problems.numbering = 'must be "left_to_right" or "right_to_left"';
  if (
    block.curve !== undefined &&
    (!finite(block.curve) || block.curve < 0 || block.curve > LAYOUT_LIMITS.curve)
  )
    problems.curve = `must be from 0 (straight) to ${LAYOUT_LIMITS.curve}`;
  for (const axis of ['x', 'y'] as const) {
    const value = block[axis];
    if (value !== undefined && (!finite(value) || Math.abs(value) > LAYOUT_LIMITS.coordinate))
      problems[axis] = `must be a number within ±${LAYOUT_LIMITS.coordinate}`;
  }
  if (!isObject(input)) problems[''] = 'must be an object describing the rows';
  for (const [field, message] of Object.entries(problems))
    errors[field ? `${at}.${field}` : at] = message;
  if (Object.keys(problems).length) return [];
  const count = block.rows as number;
  return generateSeats({
    rows: /^\d/.test(first)
      ? Array.from({ length: count }, (_, index) => String(Number(first) + index))
      : rowLabels(count, labelIndex(first)),
    seatsPerRow: block.seats_per_row as number,
    aislesAfter: aisles as number[],
    numbering: block.numbering as RowsSpec['numbering'],
    curve: (block.curve as number | undefined) ?? 0,
    origin: { x: (block.x as number | undefined) ?? 0, y: (block.y as number | undefined) ?? 0 },
  });
}

/** The position of a letter label in A, B, …, Z, AA, …: the inverse of `rowLabels`. */
function labelIndex(label: string): number {
  return [...label].reduce((value, char) => value * 26 + char.charCodeAt(0) - 64, 0) - 1;
}

/** Row labels A, B, …, Z, AA, AB, … */
export function rowLabels(count: number, start = 0): string[] {
  return Array.from({ length: count }, (_, index) => {
    let n = index + start;
    let label = '';
    do {
      label = String.fromCharCode(65 + (n % 26)) + label;
      n = Math.floor(n / 26) - 1;
    } while (n >= 0);
    return label;
  });
}

/** Seats for a block of rows, as the layout editor builds them. */
export function generateSeats(spec: RowsSpec): LayoutSeat[] {
  const spacing = spec.spacing ?? 1;
  const origin = spec.origin ?? { x: 0, y: 0 };
  const aisles = new Set(spec.aislesAfter ?? []);
  const width = (spec.seatsPerRow + aisles.size - 1) * spacing;
  const seats: LayoutSeat[] = [];
  spec.rows.forEach((row, rowIndex) => {
    let column = 0;
    for (let position = 1; position <= spec.seatsPerRow; position++) {
      const x = origin.x + column * spacing;
      const offset = width ? (x - origin.x) / width - 0.5 : 0;
      const bend = (spec.curve ?? 0) * (1 - 4 * offset * offset);
      const number =
        spec.numbering === 'right_to_left' ? spec.seatsPerRow - position + 1 : position;
      seats.push({ row, number, x: round(x), y: round(origin.y + rowIndex * spacing + bend) });
      column += aisles.has(position) ? 2 : 1;
    }
  });
  return seats;
}

const round = (value: number) => Math.round(value * 100) / 100;
