import { randomUUID } from 'node:crypto';
import { bookingRulesOf, loadConfig } from '../../app/core/config.js';
import { RealtimeHub } from '../../app/core/realtime-hub.js';
import { SetupToken } from '../../app/core/setup-token.js';
import type { PendingEnrollment } from '../../app/core/session.js';
import type { AuthPort, MethodContext } from '../../app/methods/context.js';
import type { Actor } from '../../app/shared/types.js';
import { silentLogger } from './logger.js';
import { testSecrets } from './secrets.js';

/** An AuthPort that keeps its state in memory, for calling methods without a transport. */
export function memoryAuthPort(): AuthPort & { signedIn: Actor | null } {
  let pending: PendingEnrollment | undefined;
  let verifiedAt: number | null = null;
  const port = {
    credential: { kind: 'session' } as const,
    signedIn: null as Actor | null,
    pending: () => pending,
    async setPending(value: PendingEnrollment | undefined) {
      pending = value;
    },
    async signIn(actor: Actor) {
      port.signedIn = actor;
      verifiedAt = Date.now();
      return {};
    },
    async signOut() {
      port.signedIn = null;
    },
    sessionId: () => null,
    reenrollRequired: () => false,
    async clearReenroll() {},
    failedCodes: () => null,
    verifiedAt: () => verifiedAt,
    async markVerified() {
      verifiedAt = Date.now();
    },
  };
  return port;
}

/** A method context as a transport would build it, for `actor` (null: a visitor). */
export function methodContext(
  actor: Actor | null = null,
  overrides: Partial<MethodContext> = {},
): MethodContext {
  return {
    actor,
    requestId: randomUUID(),
    transport: 'http',
    ip: '127.0.0.1',
    device: 'test',
    log: silentLogger(),
    auth: memoryAuthPort(),
    secrets: testSecrets,
    realtime: new RealtimeHub(),
    setupToken: new SetupToken(),
    rules: bookingRulesOf(loadConfig({ SECRET_KEY: 'x'.repeat(32) })),
    ...overrides,
  };
}
