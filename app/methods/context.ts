import type { BookingRules } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import type { RealtimeHub } from '../core/realtime-hub.js';
import type { Secrets } from '../core/secrets.js';
import type { SetupToken } from '../core/setup-token.js';
import type { FailedCodes, PendingEnrollment } from '../core/session.js';
import type { Actor, TokenScope, Transport } from '../shared/types.js';

/**
 * How the caller proved who they are: a session (the cookie, or a socket opened with it;
 * also a visitor's), or a personal access token, which never reads or writes a session.
 */
export type Credential = { kind: 'session' } | { kind: 'token'; scopes: readonly TokenScope[] };

/**
 * How the caller's transport keeps sign-in state. HTTP keeps it in the session cookie's
 * server-side session; a socket keeps a pending enrolment on its connection and signs in
 * by handing out a single-use login token that the client exchanges for a cookie.
 */
export interface AuthPort {
  credential: Credential;
  pending(): PendingEnrollment | undefined;
  setPending(enrollment: PendingEnrollment | undefined): Promise<void>;
  signIn(
    actor: Actor,
    options?: { reenroll?: boolean; failedCodes?: FailedCodes | null },
  ): Promise<{ login_token?: string }>;
  signOut(): Promise<void>;
  /** The public id of the caller's session (what /account lists), when there is one. */
  sessionId(): string | null;
  reenrollRequired(): boolean;
  clearReenroll(): Promise<void>;
  /** Wrong codes tried for the user's name before this session signed in, if any. */
  failedCodes(): FailedCodes | null;
  /** When this session last proved its authenticator (ms since the epoch), if it did. */
  verifiedAt(): number | null;
  /** Notes that the session proved its authenticator just now. */
  markVerified(): Promise<void>;
}

/** What every method learns about its caller, whichever transport it came through. */
export interface MethodContext {
  actor: Actor | null;
  requestId: string;
  transport: Transport;
  ip: string | undefined;
  /** The caller's User-Agent, to name its session. */
  device: string;
  log: Logger;
  auth: AuthPort;
  secrets: Secrets;
  realtime: RealtimeHub;
  setupToken: SetupToken;
  /** Hold lifetimes, the payment window, the cancellation cut-off. */
  rules: BookingRules;
}
