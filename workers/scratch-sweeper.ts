/**
 * Nothing left behind by a worker that died (SIGKILL, OOM): each job's scratch folder is named after its
 * worker (`w-<host>-<pid>.<job>`), so the other workers of the machine sweep the folders of a process that no
 * longer exists, and first kill any ffmpeg still writing into one (ffmpeg outlives a killed parent: nothing
 * tells it). Runs at start-up and after every job; only this host's folders are touched (a TMP_DIR shared
 * across machines would hold other hosts' pids).
 */
import fs from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import type { Logger } from '../packager/ports.js';

const TAG = /^w-([A-Za-z0-9-]+)-(\d+)\./;

export function scratchTagFor(pid: number = process.pid, host: string = hostname()): string {
  return `w-${host.replace(/[^A-Za-z0-9-]/g, '-')}-${pid}`;
}

export async function sweepDeadScratch(tmpDir: string, logger: Logger): Promise<number> {
  const mine = scratchTagFor();
  const host = /^w-(.+)-\d+$/.exec(mine)?.[1];
  let swept = 0;
  const entries = await fs.readdir(tmpDir).catch(() => [] as string[]);
  for (const name of entries) {
    const match = TAG.exec(name);
    if (!match || match[1] !== host) continue;
    const pid = Number(match[2]);
    if (pid === process.pid || isAlive(pid)) continue;
    const dir = path.join(tmpDir, name);
    const killed = await killProcessesUsing(dir);
    await fs.rm(dir, { recursive: true, force: true });
    swept += 1;
    logger.warn({ dir, deadPid: pid, killedProcesses: killed }, 'swept the scratch folder of a dead worker');
  }
  return swept;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Kills processes whose command line names `dir` (an orphaned ffmpeg); Linux /proc, else nothing. */
async function killProcessesUsing(dir: string): Promise<number> {
  const pids = await fs.readdir('/proc').catch(() => [] as string[]);
  let killed = 0;
  for (const entry of pids) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const cmdline = await fs.readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (!cmdline.includes(dir)) continue;
    try {
      process.kill(Number(entry), 'SIGKILL');
      killed += 1;
    } catch {
      // Gone in the meantime.
    }
  }
  return killed;
}
