import { Op } from 'sequelize';
import { AppError } from '../../core/errors.js';
import { AuditEntry, User } from '../../models/index.js';
import { presentUser } from '../../presenters/user.js';
import { capTokensForStaff, forgetTokensOf } from '../../models/api-token-auth.js';
import { isStaff, type Role } from '../../shared/types.js';
import { defineMethod } from '../define.js';
import { id, role } from '../fields.js';

/**
 * Changes a user's role, in the audit log; the last admin cannot be demoted. It is an
 * access change: a session with a fresh code, never a token, so a leaked admin token
 * cannot make its holder a lasting admin. A user made staff or admin keeps their tokens
 * only for the staff lifetime.
 */
export default defineMethod<{ id: number; role: Role }, object>({
  type: 'users.set_role',
  summary: 'Change a user’s role (admins); recorded in the audit log.',
  access: ['admin'],
  scope: 'session',
  reauth: true,
  input: { id, role },
  async run(ctx, input) {
    const user = await User.sequelize!.transaction(async (transaction) => {
      // The target and every admin, locked in id order: two demotions at once cannot both
      // pass the last-admin check, nor deadlock each other.
      const locked = await User.findAll({
        where: { [Op.or]: [{ id: input.id }, { role: 'admin' }] },
        order: [['id', 'ASC']],
        transaction,
        lock: transaction.LOCK.UPDATE,
      });
      const target = locked.find((user) => user.id === input.id);
      if (!target) throw new AppError('NOT_FOUND', 'No such user.');
      if (target.role === input.role) return target;
      if (target.role === 'admin' && locked.filter((user) => user.role === 'admin').length <= 1) {
        throw new AppError('FORBIDDEN', 'Seats needs at least one admin.');
      }
      const before = target.role;
      await target.update({ role: input.role }, { transaction });
      // A token cached with the old role must not outlive the change (nor, for new
      // staff, a lifetime the cap below shortens).
      forgetTokensOf(target.id, transaction);
      if (isStaff(input.role)) await capTokensForStaff(target.id, transaction);
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
    ctx.realtime.disconnectUser(user.id);
    return { user: presentUser(user) };
  },
});
