// The layout editor's form: each section is a group of text fields, as a browser posts
// them. Turning them into a layout is shared by the page that receives the post and the
// editor's live preview, so both read the fields the same way.
import type { LayoutErrors } from './layout.js';

export const SECTION_FIELDS = [
  'name',
  'kind',
  'first_row',
  'rows',
  'seats_per_row',
  'aisles_after',
  'numbering',
  'curve',
  'x',
  'y',
  'capacity',
  'width',
  'height',
] as const;

export type SectionFields = Partial<Record<(typeof SECTION_FIELDS)[number], string>>;

const number = (value: string | undefined) => (value?.trim() ? Number(value) : undefined);

const isBlank = (fields: SectionFields) =>
  SECTION_FIELDS.every(
    (field) => field === 'kind' || field === 'numbering' || !fields[field]?.trim(),
  );

/**
 * A layout from the editor's sections, indexed as on the form (a sparse list is fine);
 * blank sections are left out. `at[i]` is the form index of the layout's section i.
 */
export function layoutFromFields(sections: Array<SectionFields | undefined>): {
  layout: { sections: unknown[] };
  at: number[];
} {
  const at: number[] = [];
  const built: unknown[] = [];
  sections.forEach((fields, index) => {
    if (!fields || isBlank(fields)) return;
    at.push(index);
    const name = fields.name ?? '';
    if (fields.kind === 'general_admission') {
      const sized = number(fields.width) !== undefined || number(fields.height) !== undefined;
      built.push({
        name,
        kind: 'general_admission',
        capacity: number(fields.capacity),
        ...(sized
          ? {
              area: {
                x: number(fields.x) ?? 0,
                y: number(fields.y) ?? 0,
                width: number(fields.width),
                height: number(fields.height),
              },
            }
          : {}),
      });
      return;
    }
    const aisles = fields.aisles_after?.trim();
    built.push({
      name,
      kind: 'seated',
      rows: {
        first_row: fields.first_row ?? '',
        rows: number(fields.rows),
        seats_per_row: number(fields.seats_per_row),
        aisles_after: aisles ? aisles.split(/[\s,;]+/).map(Number) : [],
        numbering: fields.numbering || 'left_to_right',
        curve: number(fields.curve) ?? 0,
        x: number(fields.x) ?? 0,
        y: number(fields.y) ?? 0,
      },
    });
  });
  return { layout: { sections: built }, at };
}

/**
 * A layout's errors keyed by form field: `sections[2].rows.seats_per_row` becomes
 * `sections[4][seats_per_row]` when the layout's section 2 is the form's section 4.
 * Errors about a section as a whole (an overlapping seat) stay keyed by the section.
 */
export function errorsForFields(errors: LayoutErrors, at: number[]): LayoutErrors {
  return Object.fromEntries(
    Object.entries(errors).map(([key, message]) => {
      const match = /^sections\[(\d+)\](?:\.(?:rows\.|area)?(\w+)?)?/.exec(key);
      if (!match) return [key, message];
      const section = `sections[${at[Number(match[1])] ?? match[1]}]`;
      const field = key.includes('.area') ? 'width' : match[2];
      return [
        field && (SECTION_FIELDS as readonly string[]).includes(field)
          ? `${section}[${field}]`
          : section,
        message,
      ];
    }),
  );
}
