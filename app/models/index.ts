import type { Sequelize } from 'sequelize';
import { ApiToken } from './api-token.js';
import { AuditEntry } from './audit-entry.js';
import { RecoveryCode } from './recovery-code.js';
import { User } from './user.js';

export { ApiToken, AuditEntry, RecoveryCode, User };

/** Binds every model to the process's Sequelize instance and wires associations. */
export function initModels(sequelize: Sequelize): void {
  User.initModel(sequelize);
  RecoveryCode.initModel(sequelize);
  ApiToken.initModel(sequelize);
  AuditEntry.initModel(sequelize);
}
