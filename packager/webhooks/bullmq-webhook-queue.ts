/**
 * The webhook delivery queue on BullMQ, both sides. Its own queue (`webhooks`), so slow receivers never
 * delay packaging. Retries back off exponentially: backoffMs, 2x, 4x, … for maxAttempts attempts in all.
 */
import { hostname } from 'node:os';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { AppError, toAppError } from '../domain/errors.js';
import type { Logger, WebhookDeliveryJob, WebhookQueue } from '../ports.js';
import { DELIVER_WEBHOOK_JOB, parseWebhookDeliveryJob, WEBHOOK_QUEUE, webhookJobId } from './webhook-jobs.js';

export interface WebhookQueueDeps {
  /** A connection made with createQueueRedis (maxRetriesPerRequest: null). Not closed by close(). */
  readonly connection: Redis;
  readonly prefix: string;
  readonly maxAttempts: number;
  readonly backoffMs: number;
}

export function createBullmqWebhookQueue(deps: WebhookQueueDeps): WebhookQueue & { readonly queue: Queue } {
  const queue = new Queue(WEBHOOK_QUEUE, { connection: deps.connection, prefix: deps.prefix });
  return {
    queue,
    async enqueueDeliveries(jobs: readonly WebhookDeliveryJob[]) {
      if (jobs.length === 0) return;
      try {
        await queue.addBulk(
          jobs.map((job) => ({
            name: DELIVER_WEBHOOK_JOB,
            data: job,
            opts: {
              jobId: webhookJobId(job),
              attempts: deps.maxAttempts,
              backoff: { type: 'exponential', delay: deps.backoffMs },
              removeOnComplete: { age: 24 * 3600, count: 10_000 },
              removeOnFail: { age: 7 * 24 * 3600 },
            },
          })),
        );
      } catch (error) {
        throw new AppError('upstream_unavailable', 'The webhook queue is not reachable', {
          retryable: true,
          cause: error,
        });
      }
    },
    close: () => queue.close(),
  };
}

export interface WebhookAttempt {
  /** 1 for the first attempt. */
  readonly attempt: number;
  readonly isFinalAttempt: boolean;
  readonly logger: Logger;
}

/** Delivers once; throws to have BullMQ retry later (a retryable AppError), or resolves when done. */
export type WebhookJobHandler = (job: WebhookDeliveryJob, attempt: WebhookAttempt) => Promise<void>;

export interface WebhookConsumerDeps {
  readonly connection: Redis;
  readonly prefix: string;
  readonly concurrency: number;
  readonly handler: WebhookJobHandler;
  readonly logger: Logger;
}

export interface WebhookConsumer {
  close(): Promise<void>;
}

export async function startWebhookConsumer(deps: WebhookConsumerDeps): Promise<WebhookConsumer> {
  const processJob = async (job: Job): Promise<void> => {
    const payload = parseWebhookDeliveryJob(job.data);
    if (!payload) throw new UnrecoverableError(`job ${job.id} has a payload this worker does not understand`);
    const attempt = job.attemptsMade + 1;
    const logger = deps.logger.child({ jobId: job.id, eventId: payload.eventId, attempt });
    try {
      await deps.handler(payload, { attempt, isFinalAttempt: attempt >= (job.opts.attempts ?? 1), logger });
    } catch (error) {
      const appError = toAppError(error);
      if (!appError.retryable) throw new UnrecoverableError(`${appError.code}: ${appError.message}`);
      throw appError;
    }
  };
  const worker = new Worker(WEBHOOK_QUEUE, processJob, {
    connection: deps.connection,
    prefix: deps.prefix,
    concurrency: deps.concurrency,
    name: `${hostname()}:${process.pid}`,
  });
  worker.on('error', (error) => deps.logger.error({ err: error }, 'webhook worker error'));
  await worker.waitUntilReady();
  return { close: () => worker.close() };
}
