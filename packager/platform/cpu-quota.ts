/**
 * The cores the machine shows, and those this process may use: the machine's, capped by a cgroup CPU quota
 * (a container's CPU limit: Kubernetes `resources.limits.cpu`, `docker run --cpus`). Node reports the
 * machine's CPUs whatever the quota, and so does ffmpeg, which then starts threads for 32 cores in a
 * container allowed 2, each waiting its turn in the quota. cgroup v2 (`cpu.max`: `<quota> <period>` or
 * `max <period>`) and v1 (`cpu.cfs_quota_us`, -1 for none, and `cpu.cfs_period_us`); no quota, or none
 * readable: the machine's.
 */
import { availableParallelism } from 'node:os';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { CoreCounts } from './ffmpeg-threads.js';

export async function coreCounts(cgroupRoot = '/sys/fs/cgroup'): Promise<CoreCounts> {
  const machine = availableParallelism();
  const quota = (await cgroupV2Quota(cgroupRoot)) ?? (await cgroupV1Quota(cgroupRoot));
  return { machine, usable: quota === null ? machine : Math.min(machine, Math.ceil(quota)) };
}

/** Quota over period, in cores; null without a quota. */
async function cgroupV2Quota(root: string): Promise<number | null> {
  const text = await readText(path.join(root, 'cpu.max'));
  const [quota, period] = (text ?? '').trim().split(/\s+/);
  return coresOf(Number(quota), Number(period));
}

async function cgroupV1Quota(root: string): Promise<number | null> {
  const [quota, period] = await Promise.all([
    readText(path.join(root, 'cpu', 'cpu.cfs_quota_us')),
    readText(path.join(root, 'cpu', 'cpu.cfs_period_us')),
  ]);
  return coresOf(Number(quota), Number(period));
}

function coresOf(quota: number, period: number): number | null {
  return Number.isFinite(quota) && quota > 0 && Number.isFinite(period) && period > 0 ? quota / period : null;
}

async function readText(file: string): Promise<string | null> {
  return fs.readFile(file, 'utf8').catch(() => null);
}
