/**
 * Test support for the origin's app tests: an app wired to caller-supplied port fakes, plus small recording
 * decorators of our own ports. Imports no test/ code (the fakes are passed in), so the dependency rules
 * hold; not used by production code.
 */
import { Registry } from 'prom-client';
import type {
  Catalog,
  Clock,
  JobQueue,
  Logger,
  ObjectStore,
  PackageAssetJob,
  SegmentCache,
} from '../../packager/ports.js';
import { createApp, type AppConfig, type AppDeps } from '../app.js';
import { withCaptions } from '../captions/caption-tracks.js';
import type { PublisherApiDeps } from '../publish/publisher-deps.js';
import { createTestPublisherDeps } from './publisher-harness.js';
import {
  createDelivery,
  DEFAULT_DELIVERY_SETTINGS,
  type DeliverySettings,
} from '../delivery/create-delivery.js';
import { createOriginMetrics } from '../http/metrics.js';
import type { PlaybackTokens } from '../signing/playback-token.js';

export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly msg: string;
  readonly fields: Record<string, unknown>;
}

export interface RecordingLogger extends Logger {
  readonly lines: LogLine[];
}

export function createRecordingLogger(
  lines: LogLine[] = [],
  bindings: Record<string, unknown> = {},
): RecordingLogger {
  const write = (level: LogLine['level']) => (obj: object, msg: string) => {
    lines.push({ level, msg, fields: { ...bindings, ...obj } });
  };
  return {
    lines,
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (more) => createRecordingLogger(lines, { ...bindings, ...more }),
  };
}

export interface RecordingQueue extends JobQueue {
  readonly enqueued: PackageAssetJob[];
  readonly cancelled: string[];
  /** When set, enqueuePackageAsset rejects with it. */
  failEnqueueWith: Error | null;
}

export function createRecordingQueue(): RecordingQueue {
  const queue: RecordingQueue = {
    enqueued: [],
    cancelled: [],
    failEnqueueWith: null,
    enqueuePackageAsset(job) {
      if (queue.failEnqueueWith) return Promise.reject(queue.failEnqueueWith);
      queue.enqueued.push(job);
      return Promise.resolve();
    },
    cancelAsset(assetId) {
      queue.cancelled.push(assetId);
      return Promise.resolve();
    },
    ping: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
  return queue;
}

/** An ObjectStore that records every call (method and first argument) before delegating. */
export function countCalls(store: ObjectStore): ObjectStore & { readonly calls: string[] } {
  const calls: string[] = [];
  const counted = new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => {
        calls.push(`${property} ${String(args[0])}`);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return Object.assign(counted, { calls });
}

/** Ids `asset00000000000001`-style: 20 url-safe characters, in order. */
export function sequentialIds(prefix = 'asset'): () => string {
  let next = 0;
  return () => {
    next += 1;
    return `${prefix}${String(next).padStart(20 - prefix.length, '0')}`;
  };
}

export interface TestAppOptions {
  readonly catalog: Catalog;
  readonly store: ObjectStore;
  readonly config?: Partial<AppConfig>;
  readonly readiness?: AppDeps['readiness'];
  /** Delivery settings over the production defaults (manifest max-age follows `config`). */
  readonly delivery?: Partial<DeliverySettings>;
  readonly sharedCache?: SegmentCache | null;
  readonly playbackTokens?: PlaybackTokens | null;
  readonly clock?: Clock;
  /** The publisher API's deps over test defaults (bootstrap key TEST_BOOTSTRAP_KEY, empty stores). */
  readonly publisher?: Partial<PublisherApiDeps>;
}

export function createTestApp(options: TestAppOptions) {
  const logger = createRecordingLogger();
  const queue = createRecordingQueue();
  const registry = new Registry();
  const metrics = createOriginMetrics(registry);
  const config = { maxUploadBytes: 1024 * 1024, manifestMaxAgeSeconds: 2, ...options.config };
  const clock = options.clock ?? { nowMs: () => Date.now() };
  const playbackTokens = options.playbackTokens ?? null;
  const publisher = createTestPublisherDeps(options.publisher);
  const delivery = createDelivery({
    catalog: withCaptions(options.catalog, publisher.stores.captions),
    store: options.store,
    sharedCache: options.sharedCache ?? null,
    tokens: playbackTokens,
    metrics,
    logger,
    clock,
    settings: {
      ...DEFAULT_DELIVERY_SETTINGS,
      manifestMaxAgeSeconds: config.manifestMaxAgeSeconds,
      ...options.delivery,
    },
  });
  const app = createApp({
    catalog: options.catalog,
    store: options.store,
    queue,
    logger,
    metrics,
    config,
    clock,
    newAssetId: sequentialIds(),
    readiness: options.readiness ?? (() => Promise.resolve({ catalog: 'ok', storage: 'ok' })),
    delivery,
    playbackTokens,
    publisher,
  });
  return { app, logger, queue, registry, metrics, delivery, publisher };
}
