/**
 * The one place environment variables are interpreted. `loadConfig(env)` is pure: it takes the env as an
 * argument, reports every bad variable at once, and returns a frozen object. Composition roots call it and
 * refuse to start on failure.
 */
import path from 'node:path';
import { z } from 'zod';

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const optionalUrl = (protocols: readonly string[]) =>
  z
    .string()
    .trim()
    .refine((value) => URL.canParse(value) && protocols.includes(new URL(value).protocol), {
      message: `must be a ${protocols.map((protocol) => `${protocol}//`).join(' or ')} URL`,
    })
    .optional();
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
  };
  return { ok: true, config: Object.freeze(config) };
}

/** Rules between variables, checked even when single variables are wrong, so every problem shows at once. */
function crossFieldProblems(env: Record<string, string | undefined>): string[] {
  if (!env.S3_ENDPOINT) return [];
  return (['S3_ACCESS_KEY', 'S3_SECRET_KEY'] as const)
    .filter((key) => !env[key])
    .map((key) => `${key}: is required when S3_ENDPOINT is set`);
}
