import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { idColumn } from './columns.js';

/** A personal access token; only the SHA-256 of the secret is stored. */
export class ApiToken extends Model<InferAttributes<ApiToken>, InferCreationAttributes<ApiToken>> {
  declare id: CreationOptional<number>;
  declare user_id: number;
  declare name: string;
  declare token_hash: string;
  declare last_used_at: CreationOptional<Date | null>;
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
        last_used_at: DataTypes.DATE,
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
