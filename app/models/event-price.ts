import {
  DataTypes,
  Model,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** What a place in one section costs at one event, in minor units. */
export class EventPrice extends Model<
  InferAttributes<EventPrice>,
  InferCreationAttributes<EventPrice>
> {
  declare event_id: number;
  declare section_id: number;
  declare price_cents: number;
  declare currency: string;

  static initModel(sequelize: Sequelize): void {
    EventPrice.init(
      {
        event_id: { type: DataTypes.INTEGER, primaryKey: true },
        section_id: { type: DataTypes.INTEGER, primaryKey: true },
        price_cents: { type: DataTypes.INTEGER, allowNull: false },
        currency: { type: DataTypes.CHAR(3), allowNull: false },
      },
      { sequelize, tableName: 'event_prices', timestamps: false },
    );
  }
}
