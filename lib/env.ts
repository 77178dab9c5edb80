import path from 'node:path';
import { z } from 'zod';
import { parseTrustProxy } from '@/scripts/lib/client-address.mjs';

/**
 * The one reader of process.env. Every embedded default is visible here: with none of
 * these variables set, MIST runs on one machine with everything under ./data.
 */
const optional = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    MIST_DATA_DIR: z.string().trim().min(1).default('./data'),
    /**
     * Public origin, e.g. https://music.example.org: links shown to people, secure cookies, the
     * origin state-changing requests must come from, and HSTS when https.
     */
    MIST_PUBLIC_URL: optional.pipe(z.url({ protocol: /^https?$/ }).optional()),
    DATABASE_URL: optional.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// or postgresql:// connection URL')
        .optional(),
    ),
    /** Connections per app instance in the postgres.js pool. */
    DATABASE_POOL_MAX: positiveInt(10),
    REDIS_URL: optional.pipe(
      z.string().regex(/^rediss?:\/\//, 'expected a redis:// or rediss:// URL').optional(),
    ),
    /** Entries the in-memory cache keeps (when REDIS_URL is unset); the least recently used go first. */
    MIST_CACHE_MAX_ENTRIES: positiveInt(10_000),
    /** Signs session cookies. Generated once and kept in the data directory when unset. */
    AUTH_SECRET: optional.pipe(z.string().min(32, 'expected at least 32 characters').optional()),
    /** Set both to send jobs to Inngest Cloud or a self-hosted `inngest start`. */
    INNGEST_EVENT_KEY: optional,
    INNGEST_SIGNING_KEY: optional.pipe(z.string().regex(/^(signkey-[a-z]+-)?([0-9a-f]{2})+$/i, 'expected a signing key: hex, optionally prefixed signkey-<env>-').optional()),
    /** Self-hosted Inngest, e.g. http://inngest:8288; Inngest Cloud when unset. */
    INNGEST_BASE_URL: optional.pipe(z.url({ protocol: /^https?$/ }).optional()),
    /** Runs the embedded driver works on at once (each run's own steps stay sequential). */
    MIST_JOB_WORKERS: positiveInt(2),
    /**
     * How long a job run stays claimed by the instance working on it without word from it:
     * after a crash, another instance (or the restarted one) takes the run over this late.
     * Renewed every third of it while the instance lives.
     */
    MIST_JOB_LEASE_SECONDS: positiveInt(60),
    /** Finished job runs are deleted after this many days (a daily job). */
    MIST_JOB_RETENTION_DAYS: positiveInt(30),
    /** ffmpeg and ffprobe: these paths, else ffmpeg-static when installed, else from PATH. */
    FFMPEG_PATH: optional,
    FFPROBE_PATH: optional,
    /** Largest upload accepted, in bytes. */
    MIST_UPLOAD_MAX_BYTES: positiveInt(500 * 1024 * 1024),
    /** Longest track accepted, in seconds. */
    MIST_MAX_DURATION_SECONDS: positiveInt(2 * 60 * 60),
    /** S3 or S3-compatible storage instead of $MIST_DATA_DIR/media. */
    S3_BUCKET: optional,
    S3_REGION: z.string().trim().min(1).default('us-east-1'),
    S3_ENDPOINT: optional.pipe(z.url({ protocol: /^https?$/ }).optional()),
    S3_ACCESS_KEY_ID: optional,
    S3_SECRET_ACCESS_KEY: optional,
    /** Where listeners fetch objects from (a CDN or the bucket's public address). */
    S3_PUBLIC_URL: optional.pipe(z.url({ protocol: /^https?$/ }).optional()),
    /**
     * The endpoint presigned upload URLs point at, when browsers reach the bucket at another
     * address than MIST does (MIST on http://minio:9000, browsers through the proxy).
     */
    S3_UPLOAD_ENDPOINT: optional.pipe(z.url({ protocol: /^https?$/ }).optional()),
    S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
    /** Key requests allowed per minute, per listener and per client address. */
    MIST_KEY_MAX_PER_MINUTE_USER: positiveInt(120),
    MIST_KEY_MAX_PER_MINUTE_IP: positiveInt(600),
    /** Listening sessions a listener may start per minute (each track played is one). */
    MIST_SESSIONS_MAX_PER_MINUTE_USER: positiveInt(60),
    /** How long a listening session entitles its listener to the track's key. */
    MIST_LISTENING_SESSION_HOURS: positiveInt(12),
    /** A listening session with no heartbeat for this long is closed (a skip if not yet a play). */
    MIST_LISTENING_IDLE_MINUTES: positiveInt(5),
    /**
     * Seconds a granted key stays granted to the same listener without asking the database
     * again (0: ask every time). Account and track changes on this instance end it at once.
     */
    MIST_KEY_GRANT_CACHE_SECONDS: z.coerce.number().int().min(0).max(60).default(5),
    MIST_REGISTRATION: z.enum(['open', 'closed']).default('open'),
    MIST_ADMIN_EMAIL: optional.pipe(z.email().optional()),
    MIST_ADMIN_PASSWORD: optional.pipe(z.string().min(8, 'expected at least 8 characters').optional()),
    /**
     * Which proxies in front of MIST may say who the client is (X-Forwarded-For) and how it
     * was reached (X-Forwarded-Host/-Proto): none by default (the socket address is the
     * client); a hop count (`1`: one proxy); or proxy addresses and CIDR ranges
     * (`10.0.0.0/8,::1`). Read by the server entry (scripts/lib/server-entry.mjs).
     */
    MIST_TRUST_PROXY: optional.superRefine((value, ctx) => {
      try {
        parseTrustProxy(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    }),
    /** Failed sign-ins (and current-password checks) per client address, any accounts, per window. */
    MIST_SIGNIN_MAX_PER_IP: positiveInt(30),
    /** Failed sign-ins per account from one client address, per window: the short lockout. */
    MIST_SIGNIN_MAX_PER_ACCOUNT: positiveInt(5),
    /** Failed sign-ins per account from all addresses together, per window: the ceiling. */
    MIST_SIGNIN_MAX_PER_ACCOUNT_TOTAL: positiveInt(100),
    MIST_SIGNIN_WINDOW_SECONDS: positiveInt(15 * 60),
    /** New accounts (sign-up, first-run setup) per client address per hour. */
    MIST_SIGNUP_MAX_PER_IP_HOUR: positiveInt(10),
  })
  .refine((e) => !!e.INNGEST_EVENT_KEY === !!e.INNGEST_SIGNING_KEY, {
    path: ['INNGEST_SIGNING_KEY'],
    message: 'INNGEST_EVENT_KEY and INNGEST_SIGNING_KEY must be set together',
  })
  .refine((e) => !!e.MIST_ADMIN_EMAIL === !!e.MIST_ADMIN_PASSWORD, {
    path: ['MIST_ADMIN_PASSWORD'],
    message: 'MIST_ADMIN_EMAIL and MIST_ADMIN_PASSWORD must be set together',
  });

export type Env = z.infer<typeof schema> & { dataDir: string };

/** Every variable this module reads: a deployment that passes MIST anything else has a typo. */
export const ENV_NAMES: readonly string[] = Object.keys(schema.shape);

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? 'environment');
        const got = source[name] === undefined ? '' : ` (got "${redact(name, source[name]!)}")`;
        return `${name}: ${issue.message}${got}`;
      }),
    );
  }
  return { ...result.data, dataDir: path.resolve(result.data.MIST_DATA_DIR) };
}

function redact(name: string, value: string) {
  return /SECRET|PASSWORD|URL|KEY/.test(name) ? '<hidden>' : value;
}

declare global {
  var __mistEnv: Env | undefined;
}

/** The parsed configuration; throws EnvError on a bad value. */
export function getEnv(): Env {
  globalThis.__mistEnv ??= parseEnv(process.env);
  return globalThis.__mistEnv;
}

export type Modes = {
  database: 'pglite' | 'postgres';
  storage: 'local' | 's3';
  jobs: 'embedded' | 'inngest';
  rateLimits: 'memory' | 'redis';
  cache: 'memory' | 'redis';
};

export function getModes(env: Env = getEnv()): Modes {
  return {
    database: env.DATABASE_URL ? 'postgres' : 'pglite',
    storage: env.S3_BUCKET ? 's3' : 'local',
    jobs: env.INNGEST_EVENT_KEY ? 'inngest' : 'embedded',
    rateLimits: env.REDIS_URL ? 'redis' : 'memory',
    cache: env.REDIS_URL ? 'redis' : 'memory',
  };
}

/** The version shown by /api/health, inlined from package.json at build (next.config.ts). */
export function getVersion(): string {
  return process.env.MIST_VERSION ?? process.env.npm_package_version ?? '0.0.0';
}

/**
 * next-auth reads its own variables. Point it at MIST_PUBLIC_URL when given; otherwise let
 * it trust the Host and X-Forwarded-Host/-Proto headers, so http on a LAN and https behind a
 * proxy both get the right cookie flags. The server entry drops X-Forwarded-* unless a proxy
 * trusted by MIST_TRUST_PROXY sent them, so these come from Host and the socket otherwise.
 */
export function configureAuthLibrary(env: Env = getEnv()): void {
  if (env.MIST_PUBLIC_URL) process.env.NEXTAUTH_URL = env.MIST_PUBLIC_URL;
  else process.env.AUTH_TRUST_HOST ??= 'true';
}

/**
 * Whether next-auth names its session cookie `__Secure-next-auth.session-token` for a
 * request with this X-Forwarded-Proto: the same decision its own origin detection makes
 * (after configureAuthLibrary), for code that reads the cookie without next-auth's handler.
 */
export function authCookieIsSecure(forwardedProto: string | null | undefined): boolean {
  const url = process.env.NEXTAUTH_URL;
  if (url) return url.startsWith('http') ? url.startsWith('https://') : true;
  if (process.env.VERCEL ?? process.env.AUTH_TRUST_HOST) return forwardedProto !== 'http';
  return false;
}

/** `next build` prerenders pages in worker processes; nothing there may open the database. */
export function isBuildPhase(): boolean {
  return process.env.NEXT_PHASE === 'phase-production-build';
}
