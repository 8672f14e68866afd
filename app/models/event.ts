import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { idColumn, withTimestamps } from './columns.js';

export type EventStatus = 'draft' | 'published' | 'cancelled';

export class Event extends Model<InferAttributes<Event>, InferCreationAttributes<Event>> {
  declare id: CreationOptional<number>;
  declare hall_id: number;
  declare title: string;
  declare description: CreationOptional<string>;
  declare image_url: CreationOptional<string | null>;
  declare starts_at: Date;
  declare ends_at: Date;
  declare sales_start: CreationOptional<Date | null>;
  declare sales_end: CreationOptional<Date | null>;
  declare status: CreationOptional<EventStatus>;
  declare max_per_order: CreationOptional<number>;
  declare series_id: CreationOptional<string | null>;
  declare created_by: number | null;
  declare published_at: CreationOptional<Date | null>;
  declare created_at: CreationOptional<Date>;
  declare updated_at: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    Event.init(
      {
        id: idColumn(),
        hall_id: { type: DataTypes.INTEGER, allowNull: false },
        title: { type: DataTypes.TEXT, allowNull: false },
        description: { type: DataTypes.TEXT, allowNull: false, defaultValue: '' },
        image_url: DataTypes.TEXT,
        starts_at: { type: DataTypes.DATE, allowNull: false },
        ends_at: { type: DataTypes.DATE, allowNull: false },
        sales_start: DataTypes.DATE,
        sales_end: DataTypes.DATE,
        status: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'draft' },
        max_per_order: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 10 },
        series_id: DataTypes.UUID,
        created_by: DataTypes.INTEGER,
        published_at: DataTypes.DATE,
        created_at: DataTypes.DATE,
        updated_at: DataTypes.DATE,
      },
      { sequelize, ...withTimestamps('events') },
    );
  }
}
