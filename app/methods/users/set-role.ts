import { AppError } from '../../core/errors.js';
import { AuditEntry, User } from '../../models/index.js';
import { presentUser } from '../../presenters/user.js';
import type { Role } from '../../shared/types.js';
import { defineMethod } from '../define.js';
import { id, role } from '../fields.js';

/** Changes a user's role, in the audit log; the last admin cannot be demoted. */
export default defineMethod<{ id: number; role: Role }, object>({
  type: 'users.set_role',
  summary: 'Change a user’s role (admins); recorded in the audit log.',
  access: ['admin'],
  input: { id, role },
  async run(ctx, input) {
    const user = await User.sequelize!.transaction(async (transaction) => {
      const target = await User.findByPk(input.id, { transaction, lock: transaction.LOCK.UPDATE });
      if (!target) throw new AppError('NOT_FOUND', 'No such user.');
      if (target.role === input.role) return target;
      if (target.role === 'admin') {
        // Lock every admin row, so two demotions at once cannot both pass this check.
        const admins = await User.findAll({
          where: { role: 'admin' },
          transaction,
          lock: transaction.LOCK.UPDATE,
        });
        if (admins.length <= 1) throw new AppError('FORBIDDEN', 'Seats needs at least one admin.');
      }
      const before = target.role;
      await target.update({ role: input.role }, { transaction });
      await AuditEntry.record(
        {
          actor_id: ctx.actor!.id,
          action: 'user.role_changed',
          target_type: 'user',
          target_id: target.id,
          details: { from: before, to: input.role },
        },
        transaction,
      );
      return target;
    });
    return { user: presentUser(user) };
  },
});
