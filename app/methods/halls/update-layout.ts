import { AppError } from '../../core/errors.js';
import { replaceLayout } from '../../models/hall-layout.js';
import { Hall, Section, Venue } from '../../models/index.js';
import { authorizeOwner } from '../../policies/catalog.js';
import { presentHall } from '../../presenters/catalog.js';
import { validateLayout } from '../../shared/layout.js';
import { defineMethod } from '../define.js';
import { id } from '../fields.js';

/** Replaces a hall's layout, while no published event uses its seats. */
export default defineMethod<{ id: number; layout: unknown }, object>({
  type: 'halls.update_layout',
  summary: 'Replace a hall’s seat layout (refused once an event in it was published).',
  access: ['organizer'],
  scope: 'write',
  input: { id, layout: { exists: { errorMessage: 'is required' } } },
  async run(ctx, input) {
    const hall = await Hall.findByPk(input.id);
    if (!hall) throw new AppError('NOT_FOUND', 'No such hall.');
    authorizeOwner(
      ctx.actor!,
      await Venue.findByPk(hall.venue_id, { rejectOnEmpty: true }),
      'venue',
    );
    const checked = validateLayout(input.layout);
    if (checked.errors)
      throw new AppError('VALIDATION_FAILED', 'The layout has problems.', checked.errors);
    await Hall.sequelize!.transaction((transaction) =>
      replaceLayout(hall.id, checked.layout, transaction),
    );
    const sections = await Section.findAll({
      where: { hall_id: hall.id },
      order: [['position', 'ASC']],
    });
    return { hall: presentHall(hall, sections) };
  },
});
