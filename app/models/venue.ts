import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { idColumn, withTimestamps } from './columns.js';

export class Venue extends Model<InferAttributes<Venue>, InferCreationAttributes<Venue>> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare address: CreationOptional<string>;
  declare timezone: CreationOptional<string>;
  declare created_by: number | null;
  declare created_at: CreationOptional<Date>;
  declare updated_at: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    Venue.init(
      {
        id: idColumn(),
        name: { type: DataTypes.TEXT, allowNull: false, unique: 'venues_name_key' },
        address: { type: DataTypes.TEXT, allowNull: false, defaultValue: '' },
        timezone: {
          type: DataTypes.TEXT,
          allowNull: false,
          defaultValue: 'UTC',
          validate: {
            isTimeZone(value: string) {
              if (!Intl.supportedValuesOf('timeZone').includes(value) && value !== 'UTC') {
                throw new Error('must be an IANA time zone such as Europe/Berlin');
              }
            },
          },
        },
        created_by: DataTypes.INTEGER,
        created_at: DataTypes.DATE,
        updated_at: DataTypes.DATE,
      },
      { sequelize, ...withTimestamps('venues') },
    );
  }
}
