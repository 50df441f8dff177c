/** The messages between a cluster worker and the primary (IPC), and the worker's side of /metrics. */
import cluster from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { AggregatorRegistry, type Registry } from 'prom-client';

export interface MetricsAsk {
  readonly type: 'scalacast:metrics-ask';
  readonly id: string;
}

export interface MetricsAnswer {
  readonly type: 'scalacast:metrics-answer';
  readonly id: string;
  readonly text?: string;
  readonly error?: string;
}

export function isMetricsAsk(message: unknown): message is MetricsAsk {
  return (
    typeof message === 'object' &&
    message !== null &&
    'type' in message &&
    message.type === 'scalacast:metrics-ask'
  );
}

function isMetricsAnswer(message: unknown): message is MetricsAnswer {
  return (
    typeof message === 'object' &&
    message !== null &&
    'type' in message &&
    message.type === 'scalacast:metrics-answer'
  );
}

const ASK_TIMEOUT_MS = 5000;

/**
 * In a cluster worker: offers `registry` to the primary's aggregation and returns the function /metrics
 * answers with, so a scrape of any worker sees the whole cluster (a scraper cannot pick a worker).
 */
export function clusterMetricsText(registry: Registry): () => Promise<string> {
  if (!cluster.isWorker) return () => registry.metrics();
  // Constructing one installs prom-client's worker-side listener; setRegistries names what it reports.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
  return () =>
    new Promise<string>((resolve, reject) => {
      const id = randomUUID();
      const timer = setTimeout(() => {
        process.off('message', onMessage);
        reject(new Error('the cluster primary did not answer the metrics ask'));
      }, ASK_TIMEOUT_MS);
      const onMessage = (message: unknown) => {
        if (!isMetricsAnswer(message) || message.id !== id) return;
        clearTimeout(timer);
        process.off('message', onMessage);
        if (message.text !== undefined) resolve(message.text);
        else reject(new Error(message.error ?? 'cluster metrics failed'));
      };
      process.on('message', onMessage);
      const ask: MetricsAsk = { type: 'scalacast:metrics-ask', id };
      process.send?.(ask);
    });
}
