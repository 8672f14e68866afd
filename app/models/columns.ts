import { DataTypes } from 'sequelize';

// Column and option shapes every table here shares.

export const idColumn = () => ({ type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true });

/** `created_at` / `updated_at`, kept by Sequelize. */
export const withTimestamps = (tableName: string) =>
  ({ tableName, timestamps: true, createdAt: 'created_at', updatedAt: 'updated_at' }) as const;
