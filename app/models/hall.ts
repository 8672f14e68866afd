import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { idColumn, withTimestamps } from './columns.js';

export class Hall extends Model<InferAttributes<Hall>, InferCreationAttributes<Hall>> {
  declare id: CreationOptional<number>;
  declare venue_id: number;
  declare name: string;
  declare created_at: CreationOptional<Date>;
  declare updated_at: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    Hall.init(
      {
        id: idColumn(),
        venue_id: { type: DataTypes.INTEGER, allowNull: false },
        name: { type: DataTypes.TEXT, allowNull: false },
        created_at: DataTypes.DATE,
        updated_at: DataTypes.DATE,
      },
      { sequelize, ...withTimestamps('halls') },
    );
  }
}
