import { Op } from 'sequelize';
import { User } from '../../models/index.js';
import { presentUser } from '../../presenters/user.js';
import { defineMethod } from '../define.js';
import { page as pageField } from '../fields.js';

const PAGE_SIZE = 25;

export default defineMethod<{ q?: string; page?: number }, object>({
  type: 'users.search',
  summary: 'Find users by part of their username (admins).',
  access: ['admin'],
  scope: 'admin',
  input: {
    q: {
      optional: true,
      isString: true,
      trim: true,
      isLength: { options: { max: 32 }, errorMessage: 'must be at most 32 characters' },
    },
    page: pageField,
  },
  async run(_ctx, input) {
    const page = input.page ?? 1;
    const pattern = `%${(input.q ?? '').toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
    const { rows, count } = await User.findAndCountAll({
      where: { username: { [Op.like]: pattern } },
      order: [['username', 'ASC']],
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    });
    return { users: rows.map(presentUser), page, total: count, page_size: PAGE_SIZE };
  },
});
