import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { idColumn } from './columns.js';
import type { LayoutArea } from '../shared/layout.js';

export class Section extends Model<InferAttributes<Section>, InferCreationAttributes<Section>> {
  declare id: CreationOptional<number>;
  declare hall_id: number;
  declare name: string;
  declare kind: 'seated' | 'general_admission';
  /** Places: the seat count of a seated section, the capacity of a standing one. */
  declare capacity: number;
  declare position: CreationOptional<number>;
  declare area: CreationOptional<LayoutArea | null>;

  static initModel(sequelize: Sequelize): void {
    Section.init(
      {
        id: idColumn(),
        hall_id: { type: DataTypes.INTEGER, allowNull: false },
        name: { type: DataTypes.TEXT, allowNull: false },
        kind: { type: DataTypes.TEXT, allowNull: false },
        capacity: { type: DataTypes.INTEGER, allowNull: false },
        position: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        area: DataTypes.JSONB,
      },
      { sequelize, tableName: 'sections', timestamps: false },
    );
  }
}
