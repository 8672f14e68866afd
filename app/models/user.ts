import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { ROLES, type Actor, type Role } from '../shared/types.js';

export const USERNAME_PATTERN = /^[a-z0-9_.-]{3,32}$/;

export class User extends Model<InferAttributes<User>, InferCreationAttributes<User>> {
  declare id: CreationOptional<number>;
  declare username: string;
  declare role: CreationOptional<Role>;
  declare created_at: CreationOptional<Date>;
  declare updated_at: CreationOptional<Date>;

  toActor(): Actor {
    return { id: this.id, username: this.username, role: this.role };
  }

  static initModel(sequelize: Sequelize): void {
    User.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
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
        created_at: DataTypes.DATE,
        updated_at: DataTypes.DATE,
      },
      {
        sequelize,
        tableName: 'users',
        modelName: 'User',
        timestamps: true,
        createdAt: 'created_at',
        updatedAt: 'updated_at',
      },
    );
  }
}
