/**
 * The one place environment variables are interpreted. `loadConfig(env)` is pure: it takes the env as an
 * argument, reports every bad variable at once, and returns a frozen object. Composition roots call it and
 * refuse to start on failure.
 */
import path from 'node:path';
import { z } from 'zod';
import { cidrListProblem, parseCidrList } from './cidr-list.js';
import {
  deliveryEnvShape,
  deliveryProblems,
  toDeliveryConfig,
  type DeliveryConfig,
} from './delivery-config.js';

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const optionalUrl = (protocols: readonly string[]) =>
  z
    .string()
    .trim()
    .refine((value) => URL.canParse(value) && protocols.includes(new URL(value).protocol), {
      message: `must be a ${protocols.map((protocol) => `${protocol}//`).join(' or ')} URL`,
    })
    .optional();
const booleanFlag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
    .default(fallback ? 'true' : 'false')
    .transform((value) => ['true', '1', 'yes', 'on'].includes(value));
/** Empty strings count as unset, as in most shells' `VAR= command`. */
const blankToUndefined = (env: Readonly<Record<string, string | undefined>>) =>
  Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));

const envSchema = z.object({
  PORT: integer(1, 65535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('./data'),
  PUBLIC_BASE_URL: optionalUrl(['http:', 'https:']),
  DATABASE_URL: optionalUrl(['postgres:', 'postgresql:']),
  REDIS_URL: optionalUrl(['redis:', 'rediss:']),
  REDIS_CACHE_URL: optionalUrl(['redis:', 'rediss:']),
  S3_ENDPOINT: optionalUrl(['http:', 'https:']),
  S3_ACCESS_KEY: z.string().optional(),
  S3_SECRET_KEY: z.string().optional(),
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid S3 bucket name')
    .default('scalacast'),
  S3_REGION: z.string().default('us-east-1'),
  SCALACAST_BOOTSTRAP_KEY: z.string().min(24, 'must be at least 24 characters').optional(),
  FFMPEG_PATH: z.string().default('ffmpeg'),
  FFPROBE_PATH: z.string().default('ffprobe'),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  UPLOAD_MAX_BYTES: integer(1, Number.MAX_SAFE_INTEGER).default(20 * 1024 ** 3),
  WORKER_CONCURRENCY: integer(1, 64).default(1),
  FFMPEG_THREADS: integer(0, 256).default(0),
  X264_PRESET: z
    .enum(['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow', 'slower'])
    .default('veryfast'),
  SEGMENT_DURATION_MS: integer(1000, 10000).default(2000),
  TMP_DIR: z.string().optional(),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .default('scalacast'),
  MANIFEST_MAX_AGE_SECONDS: integer(0, 3600).default(2),
  SHUTDOWN_GRACE_MS: integer(0, 600_000).default(10_000),
  WORKER_METRICS_PORT: integer(0, 65535).default(9091),
  // Packaging at scale: chunked encodes, progressive publish, per-title ladders, stalled jobs, the fleet view.
  CHUNK_THRESHOLD_MS: integer(1000, Number.MAX_SAFE_INTEGER).default(120_000),
  CHUNK_DURATION_MS: integer(2000, 3_600_000).default(30_000),
  PROGRESSIVE_PUBLISH: booleanFlag(true),
  PER_TITLE_LADDER: booleanFlag(true),
  QUEUE_LOCK_DURATION_MS: integer(1000, 3_600_000).default(30_000),
  QUEUE_STALLED_INTERVAL_MS: integer(500, 3_600_000).default(15_000),
  WORKER_HEARTBEAT_MS: integer(500, 600_000).default(5_000),
  // Publisher API: rate limits, resumable uploads, URL ingest, outbound requests, webhooks.
  API_RATE_LIMIT_PER_MINUTE: integer(0, 1_000_000).default(1200),
  API_RATE_LIMIT_BURST: integer(1, 100_000).default(120),
  UPLOAD_CHUNK_BYTES: integer(1024, 1024 ** 3).default(8 * 1024 ** 2),
  UPLOAD_EXPIRY_MS: integer(1000, 30 * 86_400_000).default(86_400_000),
  URL_INGEST_TIMEOUT_MS: integer(1000, 86_400_000).default(600_000),
  OUTBOUND_ALLOW_CIDRS: z
    .string()
    .refine((value) => cidrListProblem(value) === null, {
      message: 'must be comma-separated IP addresses or CIDR blocks (10.0.0.0/8, ::1/128)',
    })
    .optional(),
  WEBHOOK_TIMEOUT_MS: integer(100, 120_000).default(10_000),
  WEBHOOK_MAX_ATTEMPTS: integer(1, 50).default(10),
  WEBHOOK_BACKOFF_MS: integer(10, 3_600_000).default(10_000),
  // Admin dashboard (/admin): off until a password is set; no default secret.
  ADMIN_USER: z
    .string()
    .regex(/^[A-Za-z0-9._@-]{1,64}$/, 'must be 1-64 letters, digits or . _ @ -')
    .default('admin'),
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').max(1024).optional(),
  ADMIN_SESSION_TTL_MINUTES: integer(5, 7 * 24 * 60).default(8 * 60),
  // Origin delivery: cache tiers, coalescing, storage guard, processes, signed playback.
  ...deliveryEnvShape,
});

/** Every environment variable ScalaCast reads (deployment manifests are checked against it). */
export const CONFIG_ENV_KEYS: readonly string[] = Object.freeze(Object.keys(envSchema.shape));

export interface S3Config {
  readonly endpoint: string;
  readonly accessKey: string;
  readonly secretKey: string;
  readonly bucket: string;
  readonly region: string;
}

/** Packaging at scale (README, "Packaging: chunks, progressive publish, per-title ladders"). */
export interface PackagingConfig {
  /** Sources longer than this are split into chunk jobs any worker can take. */
  readonly chunkThresholdMs: number;
  /** Aimed-for chunk length (rounded to whole segments). */
  readonly chunkDurationMs: number;
  /** Make a first packaging playable from its lowest rung before the whole ladder is done. */
  readonly progressivePublish: boolean;
  /** Pick the ladder from a complexity probe of the source (else the fixed default ladder). */
  readonly perTitleLadder: boolean;
  /** BullMQ job lock and stalled-check interval (packager/queue/job-policy.ts). */
  readonly queueLockDurationMs: number;
  readonly queueStalledIntervalMs: number;
  /** How often a worker refreshes its record in the fleet view (it expires after three missed beats). */
  readonly workerHeartbeatMs: number;
}

/** The publisher API's settings (rate limits, tus uploads, URL ingest, webhooks). */
export interface PublisherApiConfig {
  /** Sustained requests per minute per API key; 0 turns rate limiting off. */
  readonly rateLimitPerMinute: number;
  /** Requests a key may make at once before the sustained rate applies. */
  readonly rateLimitBurst: number;
  /** Largest PATCH body of a resumable upload, and the chunk size the CLI sends. */
  readonly uploadChunkBytes: number;
  /** A resumable upload untouched for this long is abandoned and removed. */
  readonly uploadExpiryMs: number;
  /** Deadline of a whole URL ingest (connect, redirects, download). */
  readonly urlIngestTimeoutMs: number;
  /** CIDR blocks outbound requests (URL ingest, webhooks) may reach although they are private/loopback. */
  readonly outboundAllowCidrs: readonly string[];
  readonly webhookTimeoutMs: number;
  /** Attempts per delivery, the first included. */
  readonly webhookMaxAttempts: number;
  /** First retry delay; each retry doubles it. */
  readonly webhookBackoffMs: number;
}

/** The admin dashboard's sign-in. Enabled only when a password is configured. */
export interface AdminConfig {
  readonly user: string;
  /** Unset = the dashboard is off (every /admin page says how to turn it on). */
  readonly password: string | undefined;
  /** A session ends this long after sign-in, whatever happens meanwhile. */
  readonly sessionTtlMs: number;
}

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Absolute. */
  readonly dataDir: string;
  readonly publicBaseUrl: string | undefined;
  readonly databaseUrl: string | undefined;
  readonly redisUrl: string | undefined;
  readonly redisCacheUrl: string | undefined;
  readonly s3: S3Config | undefined;
  readonly bootstrapKey: string | undefined;
  readonly ffmpegPath: string;
  readonly ffprobePath: string;
  readonly logLevel: string;
  readonly maxUploadBytes: number;
  readonly workerConcurrency: number;
  readonly ffmpegThreads: number;
  readonly x264Preset: string;
  readonly segmentDurationMs: number;
  /** Absolute; the worker's scratch space for sources and encodes. */
  readonly tmpDir: string;
  readonly queuePrefix: string;
  readonly manifestMaxAgeSeconds: number;
  readonly shutdownGraceMs: number;
  /** Port of a standalone worker's /metrics and /healthz; 0 turns it off. */
  readonly workerMetricsPort: number;
  readonly publisherApi: PublisherApiConfig;
  readonly packaging: PackagingConfig;
  readonly admin: AdminConfig;
  readonly delivery: DeliveryConfig;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

export function loadConfig(env: Readonly<Record<string, string | undefined>>, cwd: string): ConfigResult {
  const given = blankToUndefined(env);
  const parsed = envSchema.safeParse(given);
  const problems = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)),
    ...crossFieldProblems(given),
  ];
  if (!parsed.success || problems.length > 0) return { ok: false, problems };
  const e = parsed.data;
  const dataDir = path.resolve(cwd, e.DATA_DIR);
  const config: Config = {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    publicBaseUrl: e.PUBLIC_BASE_URL?.replace(/\/+$/, ''),
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    redisCacheUrl: e.REDIS_CACHE_URL,
    s3: e.S3_ENDPOINT
      ? {
          endpoint: e.S3_ENDPOINT,
          accessKey: e.S3_ACCESS_KEY ?? '',
          secretKey: e.S3_SECRET_KEY ?? '',
          bucket: e.S3_BUCKET,
          region: e.S3_REGION,
        }
      : undefined,
    bootstrapKey: e.SCALACAST_BOOTSTRAP_KEY,
    ffmpegPath: e.FFMPEG_PATH,
    ffprobePath: e.FFPROBE_PATH,
    logLevel: e.LOG_LEVEL,
    maxUploadBytes: e.UPLOAD_MAX_BYTES,
    workerConcurrency: e.WORKER_CONCURRENCY,
    ffmpegThreads: e.FFMPEG_THREADS,
    x264Preset: e.X264_PRESET,
    segmentDurationMs: e.SEGMENT_DURATION_MS,
    tmpDir: path.resolve(cwd, e.TMP_DIR ?? path.join(e.DATA_DIR, 'tmp')),
    queuePrefix: e.QUEUE_PREFIX,
    manifestMaxAgeSeconds: e.MANIFEST_MAX_AGE_SECONDS,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    workerMetricsPort: e.WORKER_METRICS_PORT,
    packaging: Object.freeze({
      chunkThresholdMs: e.CHUNK_THRESHOLD_MS,
      chunkDurationMs: e.CHUNK_DURATION_MS,
      progressivePublish: e.PROGRESSIVE_PUBLISH,
      perTitleLadder: e.PER_TITLE_LADDER,
      queueLockDurationMs: e.QUEUE_LOCK_DURATION_MS,
      queueStalledIntervalMs: e.QUEUE_STALLED_INTERVAL_MS,
      workerHeartbeatMs: e.WORKER_HEARTBEAT_MS,
    }),
    publisherApi: Object.freeze({
      rateLimitPerMinute: e.API_RATE_LIMIT_PER_MINUTE,
      rateLimitBurst: e.API_RATE_LIMIT_BURST,
      uploadChunkBytes: e.UPLOAD_CHUNK_BYTES,
      uploadExpiryMs: e.UPLOAD_EXPIRY_MS,
      urlIngestTimeoutMs: e.URL_INGEST_TIMEOUT_MS,
      outboundAllowCidrs: Object.freeze(parseCidrList(e.OUTBOUND_ALLOW_CIDRS ?? '')),
      webhookTimeoutMs: e.WEBHOOK_TIMEOUT_MS,
      webhookMaxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
      webhookBackoffMs: e.WEBHOOK_BACKOFF_MS,
    }),
    delivery: toDeliveryConfig(e),
    admin: Object.freeze({
      user: e.ADMIN_USER,
      password: e.ADMIN_PASSWORD,
      sessionTtlMs: e.ADMIN_SESSION_TTL_MINUTES * 60_000,
    }),
  };
  return { ok: true, config: Object.freeze(config) };
}

/** Rules between variables, checked even when single variables are wrong, so every problem shows at once. */
function crossFieldProblems(env: Record<string, string | undefined>): string[] {
  const s3 = env.S3_ENDPOINT
    ? (['S3_ACCESS_KEY', 'S3_SECRET_KEY'] as const)
        .filter((key) => !env[key])
        .map((key) => `${key}: is required when S3_ENDPOINT is set`)
    : [];
  return [...s3, ...deliveryProblems(env)];
}
