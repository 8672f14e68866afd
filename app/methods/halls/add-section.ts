import { AppError } from '../../core/errors.js';
import { exportLayout, insertSections, lockEditableHall } from '../../models/hall-layout.js';
import { Hall, Section, Venue } from '../../models/index.js';
import { authorizeOwner } from '../../policies/catalog.js';
import { presentHall } from '../../presenters/catalog.js';
import { validateLayout } from '../../shared/layout.js';
import { defineMethod } from '../define.js';
import { id } from '../fields.js';

const given = { optional: true, exists: true };

/**
 * Adds one section, in the layout format, to a hall that no published event uses yet.
 * It is checked against the hall's other sections (a name used twice, a seat on top of
 * another), and errors name the new section's fields (`seats[3]`).
 */
export default defineMethod<
  {
    id: number;
    name: unknown;
    kind: unknown;
    capacity?: unknown;
    seats?: unknown;
    rows?: unknown;
    area?: unknown;
  },
  object
>({
  type: 'halls.add_section',
  summary: 'Add a section (seated with its seats, or standing with a capacity) to a hall.',
  access: ['organizer'],
  scope: 'write',
  input: {
    id,
    name: { exists: { errorMessage: 'is required' } },
    kind: { exists: { errorMessage: 'is required' } },
    capacity: given,
    seats: { optional: true, isArray: { errorMessage: 'must be a list of seats' } },
    rows: given,
    area: given,
  },
  async run(ctx, input) {
    const { id: hallId, ...section } = input;
    const hall = await Hall.findByPk(hallId);
    if (!hall) throw new AppError('NOT_FOUND', 'No such hall.');
    authorizeOwner(
      ctx.actor!,
      await Venue.findByPk(hall.venue_id, { rejectOnEmpty: true }),
      'venue',
    );
    await Hall.sequelize!.transaction(async (transaction) => {
      await lockEditableHall(hall.id, transaction);
      const { section_ids: existing, sections } = await exportLayout(hall.id, transaction);
      const checked = validateLayout({ sections: [...sections, section] });
      if (checked.errors) {
        const prefix = `sections[${existing.length}]`;
        const details = Object.fromEntries(
          Object.entries(checked.errors).map(([key, message]) => [
            key.startsWith(prefix) ? key.slice(prefix.length).replace(/^\./, '') || 'section' : key,
            message,
          ]),
        );
        throw new AppError('VALIDATION_FAILED', 'The section has problems.', details);
      }
      await insertSections(
        hall.id,
        checked.layout.sections.slice(-1),
        existing.length,
        transaction,
      );
    });
    const sections = await Section.findAll({
      where: { hall_id: hall.id },
      order: [['position', 'ASC']],
    });
    return { hall: presentHall(hall, sections) };
  },
});
