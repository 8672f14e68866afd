import { ENROLLMENT_TTL_MS, type PendingEnrollment } from '../core/session.js';
import type { Secrets } from '../core/secrets.js';
import { qrDataUrl } from '../core/qr.js';
import { matchTotp, newTotpSecret, totpUri } from '../core/totp.js';
import type { Role } from '../shared/types.js';
import { assertNoAdminYet } from './first-admin.js';
import { RecoveryCode } from './recovery-code.js';
import { User } from './user.js';

export interface Candidate {
  status: 'candidate';
  qr_code: string;
  otpauth_url: string;
  secret: string;
}

/** A new authenticator secret for `username`, as a pending enrolment and as what the client shows. */
export async function beginEnrollment(
  purpose: PendingEnrollment['purpose'],
  username: string,
  secrets: Secrets,
  userId?: number,
): Promise<{ pending: PendingEnrollment; candidate: Candidate }> {
  const secret = newTotpSecret();
  const pending = {
    purpose,
    username,
    ...(userId === undefined ? {} : { user_id: userId }),
    secret: secrets.encrypt(secret),
    expires_at: Date.now() + ENROLLMENT_TTL_MS,
  };
  return { pending, candidate: await candidateOf(pending, secrets) };
}

/** What the client shows for a pending enrolment: the QR code, the URI and the secret. */
export async function candidateOf(
  pending: PendingEnrollment,
  secrets: Secrets,
): Promise<Candidate> {
  const secret = secrets.decrypt(pending.secret);
  const otpauth_url = totpUri(pending.username, secret);
  return { status: 'candidate', qr_code: await qrDataUrl(otpauth_url), otpauth_url, secret };
}

/** The time step of `code` for the pending secret, or null when it does not match or expired. */
export function matchPendingCode(
  pending: PendingEnrollment,
  code: string,
  secrets: Secrets,
): number | null {
  return Date.now() < pending.expires_at
    ? matchTotp(secrets.decrypt(pending.secret), code, 0)
    : null;
}

/**
 * Creates the account for a confirmed enrolment, with its ten recovery codes, in one
 * transaction. Two people racing for one name: the unique constraint lets one win and
 * the other gets USERNAME_TAKEN. With `onlyIfNoAdmin` (first-admin set-up), the check and
 * the insert run under a lock so that two set-ups cannot both make an admin.
 */
export async function createEnrolledUser(
  pending: PendingEnrollment,
  step: number,
  role: Role,
  secrets: Secrets,
  options: { onlyIfNoAdmin?: boolean } = {},
): Promise<{ user: User; recovery_codes: string[] }> {
  return User.sequelize!.transaction(async (transaction) => {
    if (options.onlyIfNoAdmin) {
      await User.sequelize!.query("SELECT pg_advisory_xact_lock(hashtext('seats:first-admin'))", {
        transaction,
      });
      await assertNoAdminYet(transaction);
    }
    const user = await User.create(
      { username: pending.username, role, totp_secret: pending.secret, totp_last_step: step },
      { transaction },
    );
    const recovery_codes = await RecoveryCode.regenerate(user.id, secrets, transaction);
    return { user, recovery_codes };
  });
}
