import { createHmac, randomBytes } from 'node:crypto';
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
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** Ten base32 characters (50 bits), shown as `xxxxx-xxxxx`. */
function newCode(): string {
  const chars = [...randomBytes(10)].map((byte) => ALPHABET[byte & 31]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

const normalize = (code: string) => code.toLowerCase().replace(/[\s-]/g, '');

/**
 * What is kept of a code: its keyed HMAC. A code is 50 random bits, so without the key
 * the stored value says nothing, and a slow hash would only cost CPU on the event loop
 * (bcrypt's ten hashes were 1.2 s per sign-up).
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
  declare used_at: CreationOptional<Date | null>;
  declare created_at: CreationOptional<Date>;

  /** Replaces the user's recovery codes with ten new ones; returns them in plain text, once. */
  static async regenerate(
    userId: number,
    secrets: Secrets,
    transaction: Transaction,
  ): Promise<string[]> {
    const codes = Array.from({ length: CODE_COUNT }, newCode);
    const rows = codes.map((code) => ({
      user_id: userId,
      code_lookup: lookupOf(normalize(code), secrets),
    }));
    await RecoveryCode.destroy({ where: { user_id: userId }, transaction });
    await RecoveryCode.bulkCreate(rows, { transaction });
    return codes;
  }

  /** Uses one of the user's unused codes; false when none matches (or it was just used). */
  static async redeem(userId: number, code: string, secrets: Secrets): Promise<boolean> {
    const candidate = normalize(code);
    if (!/^[a-z2-7]{10}$/.test(candidate)) return false;
    const [marked] = await RecoveryCode.update(
      { used_at: new Date() },
      {
        where: {
          user_id: userId,
          code_lookup: lookupOf(candidate, secrets),
          used_at: { [Op.is]: null },
        },
      },
    );
    return marked > 0;
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
