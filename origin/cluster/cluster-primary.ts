/**
 * The node:cluster primary of a multi-process origin (ORIGIN_WORKERS > 1): it serves nothing itself. It
 * forks the workers (each a complete origin with its own memory cache: nothing local is shared, exactly as
 * between separate instances behind a load balancer), replaces a worker that dies, answers the workers' asks
 * for the cluster-wide /metrics text, and on SIGTERM lets every worker drain gracefully before exiting.
 */
import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import type { Logger } from '../../packager/ports.js';
import { isMetricsAsk, type MetricsAnswer } from './cluster-messages.js';

export interface ClusterPrimaryOptions {
  readonly workers: number;
  readonly logger: Logger;
  /** How long workers get to finish in-flight requests after SIGTERM (they enforce it; this is a backstop). */
  readonly shutdownGraceMs: number;
}

/** A worker that dies before it ever listened is a start-up failure, not a crash to recover from. */
const RESTART_DELAY_MS = 500;

export function runClusterPrimary(options: ClusterPrimaryOptions): void {
  const { logger } = options;
  const aggregator = new AggregatorRegistry();
  const listened = new WeakSet<Worker>();
  let stopping = false;

  const fork = () => cluster.fork();
  cluster.on('listening', (worker) => listened.add(worker));
  cluster.on('message', (worker, message: unknown) => {
    if (!isMetricsAsk(message)) return;
    const reply = (answer: MetricsAnswer) => {
      if (worker.isConnected()) worker.send(answer);
    };
    aggregator.clusterMetrics().then(
      (text) => reply({ type: 'scalacast:metrics-answer', id: message.id, text }),
      (error: unknown) =>
        reply({
          type: 'scalacast:metrics-answer',
          id: message.id,
          error: error instanceof Error ? error.message : 'failed',
        }),
    );
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    if (!listened.has(worker)) {
      logger.error({ pid: worker.process.pid, code, signal }, 'origin worker failed to start; stopping');
      stopAll('worker-start-failure');
      process.exitCode = code ?? 1;
      return;
    }
    logger.warn({ pid: worker.process.pid, code, signal }, 'origin worker died; starting another');
    setTimeout(() => {
      if (!stopping) fork();
    }, RESTART_DELAY_MS);
  });

  const stopAll = (reason: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'stopping origin workers');
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    setTimeout(() => {
      logger.warn({}, 'origin workers did not stop within the grace period; killing them');
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
    }, options.shutdownGraceMs + 5000).unref();
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(process.exitCode ?? 0);
  };
  process.on('SIGTERM', () => stopAll('SIGTERM'));
  // Ctrl-C reaches every process of the group: the workers drain on their own SIGINT, a forwarded SIGTERM
  // would be a second signal to them (exit at once).
  process.on('SIGINT', () => {
    stopping = true;
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
  });

  for (let index = 0; index < options.workers; index += 1) fork();
  logger.info({ workers: options.workers }, 'origin cluster started');
}
