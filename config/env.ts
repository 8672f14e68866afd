import { z } from 'zod';

// Every environment variable Seats reads, with its default. `.env.example` mirrors this
// list and a test keeps the two in step.

const port = z.coerce.number().int().min(0).max(65535);

const positiveInt = z.coerce.number().int().positive();

const origin = z
  .string()
  .trim()
  .refine((value) => URL.canParse(value) && new URL(value).origin === value, {
    message: 'must be an origin such as https://tickets.example.com (scheme, host, port; no path)',
  });

export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().min(1).default('0.0.0.0'),
    PORT: port.default(3000),
    PUBLIC_URL: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
    ALLOWED_ORIGINS: z
      .string()
      .optional()
      .transform((value) => (value ? value.split(',').map((item) => item.trim()) : []))
      .pipe(z.array(origin)),
    DATABASE_URL: z
      .url({ protocol: /^postgres(ql)?$/, message: 'must be a postgres:// URL' })
      .optional(),
    DATA_DIR: z.string().min(1).default('.data'),
    DB_POOL_MAX: positiveInt.default(10),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    // Express "trust proxy": false, true, a hop count, or a comma-separated list of addresses.
    TRUST_PROXY: z
      .string()
      .default('loopback')
      .transform((value): boolean | number | string =>
        value === 'true'
          ? true
          : value === 'false'
            ? false
            : /^\d+$/.test(value)
              ? Number(value)
              : value,
      ),
    SHUTDOWN_TIMEOUT_MS: positiveInt.max(600_000).default(10_000),
    // Least time between two change sets of one event's seat map (app/core/seat-feed.ts).
    SEAT_FEED_WINDOW_MS: z.coerce.number().int().min(0).max(1000).default(15),
    // How long a process trusts an event's seat-map version without reading it again
    // (app/models/seat-map.ts): its own changes count at once, other nodes' within this.
    SEAT_VERSION_TRUST_MS: z.coerce.number().int().min(0).max(1000).default(100),
    // How long a stopping node keeps serving, with /api/health at 503 and every answer
    // closing its connection, so a load balancer moves its clients away first. Default:
    // 5 s in production, none elsewhere.
    SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).optional(),
    // Encrypts authenticator secrets and signs session cookies. Required in production;
    // elsewhere a key is generated once and kept in DATA_DIR/secret.key.
    SECRET_KEY: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
    SESSION_IDLE_MINUTES: positiveInt.default(24 * 60),
    SESSION_ABSOLUTE_HOURS: positiveInt.default(7 * 24),
    STAFF_SESSION_IDLE_MINUTES: positiveInt.default(30),
    STAFF_SESSION_ABSOLUTE_HOURS: positiveInt.default(12),
    SOCKET_MAX_PAYLOAD_BYTES: positiveInt.default(64 * 1024),
    SOCKET_MESSAGES_PER_SECOND: positiveInt.default(20),
    HOLD_TTL_SECONDS: positiveInt.default(600),
    HOLD_EXTENSION_SECONDS: positiveInt.default(300),
    HOLD_MAX_EXTENSIONS: z.coerce.number().int().min(0).default(2),
    // A user who released seats, or let them lapse, waits this long before taking the
    // same seats again: others get a turn (0: no cool-down).
    HOLD_COOLDOWN_SECONDS: z.coerce.number().int().min(0).default(60),
    // Hold attempts per user per event per minute; per client address per minute.
    HOLD_ATTEMPTS_PER_MINUTE: positiveInt.default(30),
    HOLD_ATTEMPTS_PER_ADDRESS_PER_MINUTE: positiveInt.default(300),
    PAYMENT_WINDOW_SECONDS: positiveInt.default(900),
    CANCELLATION_CUTOFF_HOURS: z.coerce.number().int().min(0).default(24),
    // 0 turns the sweeper off in this process (another one sweeps).
    SWEEP_INTERVAL_MS: z.coerce.number().int().min(0).default(5000),
  })
  .refine((env) => env.NODE_ENV !== 'production' || env.SECRET_KEY, {
    message: 'is required when NODE_ENV=production (at least 32 random characters)',
    path: ['SECRET_KEY'],
  })
  .transform((env) => {
    const publicUrl = env.PUBLIC_URL ?? `http://localhost:${env.PORT || 3000}`;
    return {
      ...env,
      SHUTDOWN_GRACE_MS: env.SHUTDOWN_GRACE_MS ?? (env.NODE_ENV === 'production' ? 5_000 : 0),
      PUBLIC_URL: publicUrl,
      ALLOWED_ORIGINS: env.ALLOWED_ORIGINS.length
        ? env.ALLOWED_ORIGINS
        : [new URL(publicUrl).origin],
    };
  });

export type Env = z.output<typeof envSchema>;

export const ENV_VARIABLES = Object.keys(envSchema.in.shape);
