import { AppError } from '../../core/errors.js';
import { exportLayout } from '../../models/hall-layout.js';
import { Hall, Section } from '../../models/index.js';
import { presentHall } from '../../presenters/catalog.js';
import { defineMethod } from '../define.js';
import { id } from '../fields.js';

export default defineMethod<{ id: number }, object>({
  type: 'halls.get',
  summary: 'A hall with its sections and its layout in the import/export format.',
  access: 'anyone',
  scope: 'read',
  input: { id },
  async run(_ctx, input) {
    const hall = await Hall.findByPk(input.id);
    if (!hall) throw new AppError('NOT_FOUND', 'No such hall.');
    const sections = await Section.findAll({
      where: { hall_id: hall.id },
      order: [['position', 'ASC']],
    });
    const { section_ids: _ids, ...layout } = await exportLayout(hall.id);
    return { hall: presentHall(hall, sections), layout };
  },
});
