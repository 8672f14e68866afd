import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { idColumn } from './columns.js';

export class Seat extends Model<InferAttributes<Seat>, InferCreationAttributes<Seat>> {
  declare id: CreationOptional<number>;
  declare section_id: number;
  declare row_label: string;
  declare number: number;
  declare x: number;
  declare y: number;
  declare accessible: CreationOptional<boolean>;
  declare companion: CreationOptional<boolean>;

  static initModel(sequelize: Sequelize): void {
    Seat.init(
      {
        id: idColumn(),
        section_id: { type: DataTypes.INTEGER, allowNull: false },
        row_label: { type: DataTypes.TEXT, allowNull: false },
        number: { type: DataTypes.INTEGER, allowNull: false },
        x: { type: DataTypes.REAL, allowNull: false },
        y: { type: DataTypes.REAL, allowNull: false },
        accessible: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        companion: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      },
      { sequelize, tableName: 'seats', timestamps: false },
    );
  }
}
