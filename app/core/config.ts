import { existsSync } from 'node:fs';
import path from 'node:path';
import { envSchema, type Env } from '../../config/env.js';
import { ROOT_DIR } from './paths.js';

export type Config = Env & {
  /** DATA_DIR resolved against the project root. */
  dataDir: string;
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads the configuration from an environment. An empty value counts as unset, so a
 * copied `.env.example` behaves like no file at all. A bad value throws a ConfigError
 * naming each variable that is wrong.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const result = envSchema.safeParse(present);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      return `  ${name}=${JSON.stringify(env[name] ?? '')}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return { ...result.data, dataDir: path.resolve(ROOT_DIR, result.data.DATA_DIR) };
}

/** Loads `.env` from the project root into process.env when there is one. */
export function loadDotEnv(): void {
  const file = path.join(ROOT_DIR, '.env');
  if (existsSync(file)) process.loadEnvFile(file);
}

/** The booking rules methods apply, from the configuration. */
export interface BookingRules {
  holdTtlSeconds: number;
  holdExtensionSeconds: number;
  holdMaxExtensions: number;
  holdCooldownSeconds: number;
  holdAttemptsPerMinute: number;
  holdAttemptsPerAddressPerMinute: number;
  paymentWindowSeconds: number;
  cancellationCutoffHours: number;
}

export function bookingRulesOf(config: Config): BookingRules {
  return {
    holdTtlSeconds: config.HOLD_TTL_SECONDS,
    holdExtensionSeconds: config.HOLD_EXTENSION_SECONDS,
    holdMaxExtensions: config.HOLD_MAX_EXTENSIONS,
    holdCooldownSeconds: config.HOLD_COOLDOWN_SECONDS,
    holdAttemptsPerMinute: config.HOLD_ATTEMPTS_PER_MINUTE,
    holdAttemptsPerAddressPerMinute: config.HOLD_ATTEMPTS_PER_ADDRESS_PER_MINUTE,
    paymentWindowSeconds: config.PAYMENT_WINDOW_SECONDS,
    cancellationCutoffHours: config.CANCELLATION_CUTOFF_HOURS,
  };
}
