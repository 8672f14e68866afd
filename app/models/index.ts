import type { Sequelize } from 'sequelize';
import { User } from './user.js';

export { User };

/** Binds every model to the process's Sequelize instance and wires associations. */
export function initModels(sequelize: Sequelize): void {
  User.initModel(sequelize);
}
