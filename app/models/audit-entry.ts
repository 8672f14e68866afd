import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
  type Transaction,
} from 'sequelize';

/** Who changed what in administration and the box office. */
export class AuditEntry extends Model<
  InferAttributes<AuditEntry>,
  InferCreationAttributes<AuditEntry>
> {
  declare id: CreationOptional<number>;
  declare actor_id: number | null;
  declare action: string;
  declare target_type: string;
  declare target_id: string | null;
  declare details: CreationOptional<Record<string, unknown>>;
  declare created_at: CreationOptional<Date>;

  static record(
    entry: {
      actor_id: number | null;
      action: string;
      target_type: string;
      target_id: string | number;
      details?: Record<string, unknown>;
    },
    transaction?: Transaction,
  ) {
    return AuditEntry.create({ ...entry, target_id: String(entry.target_id) }, { transaction });
  }

  static initModel(sequelize: Sequelize): void {
    AuditEntry.init(
      {
        id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
        actor_id: DataTypes.INTEGER,
        action: { type: DataTypes.TEXT, allowNull: false },
        target_type: { type: DataTypes.TEXT, allowNull: false },
        target_id: DataTypes.TEXT,
        details: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
        created_at: DataTypes.DATE,
      },
      {
        sequelize,
        tableName: 'audit_log',
        timestamps: true,
        createdAt: 'created_at',
        updatedAt: false,
      },
    );
  }
}
