import { randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import {
  DataTypes,
  Op,
  type Transaction,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

const CODE_COUNT = 10;
const BCRYPT_COST = 10;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** Ten base32 characters (50 bits), shown as `xxxxx-xxxxx`. */
function newCode(): string {
  const chars = [...randomBytes(10)].map((byte) => ALPHABET[byte & 31]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

const normalize = (code: string) => code.toLowerCase().replace(/[\s-]/g, '');

export class RecoveryCode extends Model<
  InferAttributes<RecoveryCode>,
  InferCreationAttributes<RecoveryCode>
> {
  declare id: CreationOptional<number>;
  declare user_id: number;
  declare code_hash: string;
  declare used_at: CreationOptional<Date | null>;
  declare created_at: CreationOptional<Date>;

  /** Replaces the user's recovery codes with ten new ones; returns them in plain text, once. */
  static async regenerate(userId: number, transaction: Transaction): Promise<string[]> {
    const codes = Array.from({ length: CODE_COUNT }, newCode);
    const hashes = await Promise.all(
      codes.map((code) => bcrypt.hash(normalize(code), BCRYPT_COST)),
    );
    await RecoveryCode.destroy({ where: { user_id: userId }, transaction });
    await RecoveryCode.bulkCreate(
      hashes.map((code_hash) => ({ user_id: userId, code_hash })),
      { transaction },
    );
    return codes;
  }

  /** Uses one of the user's unused codes; false when none matches (or it was just used). */
  static async redeem(userId: number, code: string): Promise<boolean> {
    const candidate = normalize(code);
    if (!/^[a-z2-7]{10}$/.test(candidate)) return false;
    const unused = await RecoveryCode.findAll({ where: { user_id: userId, used_at: null } });
    for (const row of unused) {
      if (!(await bcrypt.compare(candidate, row.code_hash))) continue;
      const [marked] = await RecoveryCode.update(
        { used_at: new Date() },
        { where: { id: row.id, used_at: { [Op.is]: null } } },
      );
      return marked === 1;
    }
    return false;
  }

  static async remaining(userId: number): Promise<number> {
    return RecoveryCode.count({ where: { user_id: userId, used_at: null } });
  }

  static initModel(sequelize: Sequelize): void {
    RecoveryCode.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        user_id: { type: DataTypes.INTEGER, allowNull: false },
        code_hash: { type: DataTypes.TEXT, allowNull: false },
        used_at: DataTypes.DATE,
        created_at: DataTypes.DATE,
      },
      {
        sequelize,
        tableName: 'recovery_codes',
        timestamps: true,
        createdAt: 'created_at',
        updatedAt: false,
      },
    );
  }
}
