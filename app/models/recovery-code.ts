import { createHmac, randomBytes } from 'node:crypto';
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
import { idColumn } from './columns.js';
import type { Secrets } from '../core/secrets.js';

const CODE_COUNT = 10;
const BCRYPT_COST = 10;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** Ten base32 characters (50 bits), shown as `xxxxx-xxxxx`. */
function newCode(): string {
  const chars = [...randomBytes(10)].map((byte) => ALPHABET[byte & 31]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

const normalize = (code: string) => code.toLowerCase().replace(/[\s-]/g, '');

/**
 * A keyed, fast fingerprint of a code, to find the one row worth a bcrypt comparison:
 * without it every attempt would cost ten bcrypt runs (about 0.6 s of CPU).
 */
const lookupOf = (code: string, secrets: Secrets) =>
  createHmac('sha256', secrets.key('recovery')).update(code).digest('hex');

export class RecoveryCode extends Model<
  InferAttributes<RecoveryCode>,
  InferCreationAttributes<RecoveryCode>
> {
  declare id: CreationOptional<number>;
  declare user_id: number;
  declare code_lookup: string;
  declare code_hash: string;
  declare used_at: CreationOptional<Date | null>;
  declare created_at: CreationOptional<Date>;

  /** Replaces the user's recovery codes with ten new ones; returns them in plain text, once. */
  static async regenerate(
    userId: number,
    secrets: Secrets,
    transaction: Transaction,
  ): Promise<string[]> {
    const codes = Array.from({ length: CODE_COUNT }, newCode);
    const rows = await Promise.all(
      codes.map(async (code) => ({
        user_id: userId,
        code_lookup: lookupOf(normalize(code), secrets),
        code_hash: await bcrypt.hash(normalize(code), BCRYPT_COST),
      })),
    );
    await RecoveryCode.destroy({ where: { user_id: userId }, transaction });
    await RecoveryCode.bulkCreate(rows, { transaction });
    return codes;
  }

  /** Uses one of the user's unused codes; false when none matches (or it was just used). */
  static async redeem(userId: number, code: string, secrets: Secrets): Promise<boolean> {
    const candidate = normalize(code);
    if (!/^[a-z2-7]{10}$/.test(candidate)) return false;
    const row = await RecoveryCode.findOne({
      where: { user_id: userId, code_lookup: lookupOf(candidate, secrets), used_at: null },
    });
    if (!row || !(await bcrypt.compare(candidate, row.code_hash))) return false;
    const [marked] = await RecoveryCode.update(
      { used_at: new Date() },
      { where: { id: row.id, used_at: { [Op.is]: null } } },
    );
    return marked === 1;
  }

  static async remaining(userId: number): Promise<number> {
    return RecoveryCode.count({ where: { user_id: userId, used_at: null } });
  }

  static initModel(sequelize: Sequelize): void {
    RecoveryCode.init(
      {
        id: idColumn(),
        user_id: { type: DataTypes.INTEGER, allowNull: false },
        code_lookup: { type: DataTypes.TEXT, allowNull: false },
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
