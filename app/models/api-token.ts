import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type NonAttribute,
  type Sequelize,
} from 'sequelize';
import type { TokenScope } from '../shared/types.js';
import { idColumn } from './columns.js';
import type { User } from './user.js';

/** A personal access token with its scopes and expiry; only the SHA-256 of the secret is stored. */
export class ApiToken extends Model<InferAttributes<ApiToken>, InferCreationAttributes<ApiToken>> {
  declare id: CreationOptional<number>;
  declare user_id: number;
  declare name: string;
  declare token_hash: string;
  declare scopes: TokenScope[];
  declare expires_at: Date;
  declare last_used_at: CreationOptional<Date | null>;
  declare last_used_ip: CreationOptional<string | null>;
  /** The owner, when the query included it. */
  declare user?: NonAttribute<User>;
  declare created_at: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    ApiToken.init(
      {
        id: idColumn(),
        user_id: { type: DataTypes.INTEGER, allowNull: false },
        name: {
          type: DataTypes.TEXT,
          allowNull: false,
          validate: { len: { args: [1, 80], msg: 'must be 1 to 80 characters' } },
        },
        token_hash: { type: DataTypes.TEXT, allowNull: false },
        scopes: { type: DataTypes.ARRAY(DataTypes.TEXT), allowNull: false },
        expires_at: { type: DataTypes.DATE, allowNull: false },
        last_used_at: DataTypes.DATE,
        last_used_ip: DataTypes.TEXT,
        created_at: DataTypes.DATE,
      },
      {
        sequelize,
        tableName: 'api_tokens',
        timestamps: true,
        createdAt: 'created_at',
        updatedAt: false,
      },
    );
  }
}
