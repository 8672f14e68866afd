import { AppError } from '../../core/errors.js';
import { replaceLayout } from '../../models/hall-layout.js';
import { Hall, Section, Venue } from '../../models/index.js';
import { authorizeOwner } from '../../policies/catalog.js';
import { presentHall } from '../../presenters/catalog.js';
import { validateLayout } from '../../shared/layout.js';
import { defineMethod } from '../define.js';
import { id, name } from '../fields.js';

/** A hall in a venue, with its seat layout (the editor's JSON), in one transaction. */
export default defineMethod<{ venue_id: number; name: string; layout: unknown }, object>({
  type: 'halls.create',
  summary: 'Add a hall with its seat layout to a venue.',
  access: ['organizer'],
  scope: 'write',
  input: {
    venue_id: id,
    name: name(120),
    layout: { exists: { errorMessage: 'is required' } },
  },
  async run(ctx, input) {
    const venue = await Venue.findByPk(input.venue_id);
    if (!venue) throw new AppError('NOT_FOUND', 'No such venue.');
    authorizeOwner(ctx.actor!, venue, 'venue');
    const checked = validateLayout(input.layout);
    if (checked.errors)
      throw new AppError('VALIDATION_FAILED', 'The layout has problems.', checked.errors);
    const hall = await Hall.sequelize!.transaction(async (transaction) => {
      const created = await Hall.create({ venue_id: venue.id, name: input.name }, { transaction });
      await replaceLayout(created.id, checked.layout, transaction);
      return created;
    });
    const sections = await Section.findAll({
      where: { hall_id: hall.id },
      order: [['position', 'ASC']],
    });
    return { hall: presentHall(hall, sections) };
  },
});
