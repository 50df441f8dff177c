/**
 * Test support for the origin's app tests: an app wired to caller-supplied port fakes, plus small recording
 * decorators of our own ports. Imports no test/ code (the fakes are passed in), so the dependency rules
 * hold; not used by production code.
 */
import { Registry } from 'prom-client';
import type { Catalog, JobQueue, Logger, ObjectStore, PackageAssetJob } from '../../packager/ports.js';
import { createApp, type AppConfig, type AppDeps } from '../app.js';
import { createOriginMetrics } from '../http/metrics.js';

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
}

export function createTestApp(options: TestAppOptions) {
  const logger = createRecordingLogger();
  const queue = createRecordingQueue();
  const registry = new Registry();
  const app = createApp({
    catalog: options.catalog,
    store: options.store,
    queue,
    logger,
    metrics: createOriginMetrics(registry),
    config: { maxUploadBytes: 1024 * 1024, manifestMaxAgeSeconds: 2, ...options.config },
    clock: { nowMs: () => Date.now() },
    newAssetId: sequentialIds(),
    readiness: options.readiness ?? (() => Promise.resolve({ catalog: 'ok', storage: 'ok' })),
  });
  return { app, logger, queue, registry };
}
