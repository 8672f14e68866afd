import {
  DataTypes,
  Op,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { idColumn, withTimestamps } from './columns.js';
import type { Secrets } from '../core/secrets.js';
import { matchTotp } from '../core/totp.js';
import { ROLES, type Actor, type Role } from '../shared/types.js';

export const USERNAME_PATTERN = /^[a-z0-9_.-]{3,32}$/;

export class User extends Model<InferAttributes<User>, InferCreationAttributes<User>> {
  declare id: CreationOptional<number>;
  declare username: string;
  declare role: CreationOptional<Role>;
  /** The authenticator secret, sealed with Secrets.encrypt; never sent to clients. */
  declare totp_secret: string;
  /** The last TOTP time step accepted, so that no code is accepted twice. */
  declare totp_last_step: CreationOptional<number>;
  /** Wrong codes tried for this username since its last sign-in, and the last one's time. */
  declare failed_codes: CreationOptional<number>;
  declare failed_code_at: CreationOptional<Date | null>;
  declare created_at: CreationOptional<Date>;
  declare updated_at: CreationOptional<Date>;

  /**
   * Accepts a code from the user's authenticator at most once: a valid code must also
   * be newer than the last one accepted, and the UPDATE's guard settles two requests
   * racing with the same code.
   */
  async acceptCode(code: string, secrets: Secrets): Promise<boolean> {
    const step = matchTotp(secrets.decrypt(this.totp_secret), code, this.totp_last_step);
    if (step === null) return false;
    const [updated] = await User.update(
      { totp_last_step: step },
      { where: { id: this.id, totp_last_step: { [Op.lt]: step } } },
    );
    if (updated === 1) this.totp_last_step = step;
    return updated === 1;
  }

  static findByUsername(username: string): Promise<User | null> {
    return User.findOne({ where: { username: username.trim().toLowerCase() } });
  }

  toActor(): Actor {
    return { id: this.id, username: this.username, role: this.role };
  }

  static initModel(sequelize: Sequelize): void {
    User.init(
      {
        id: idColumn(),
        username: {
          type: DataTypes.TEXT,
          allowNull: false,
          unique: 'users_username_key',
          set(value: string) {
            this.setDataValue('username', String(value).trim().toLowerCase());
          },
          validate: {
            matchesPattern(value: string) {
              if (!USERNAME_PATTERN.test(value)) {
                throw new Error('must be 3 to 32 characters of a-z, 0-9, "_", "." and "-"');
              }
            },
          },
        },
        role: {
          type: DataTypes.TEXT,
          allowNull: false,
          defaultValue: 'customer',
          validate: {
            isIn: {
              args: [ROLES as unknown as string[]],
              msg: `must be one of ${ROLES.join(', ')}`,
            },
          },
        },
        totp_secret: { type: DataTypes.TEXT, allowNull: false },
        totp_last_step: {
          type: DataTypes.BIGINT,
          allowNull: false,
          defaultValue: 0,
          get() {
            return Number(this.getDataValue('totp_last_step'));
          },
        },
        failed_codes: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        failed_code_at: DataTypes.DATE,
        created_at: DataTypes.DATE,
        updated_at: DataTypes.DATE,
      },
      { sequelize, ...withTimestamps('users') },
    );
  }
}
