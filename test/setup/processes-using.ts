/** Pids of the processes whose command line names `dir` (ffmpeg children of a worker write into its scratch). */
import fs from 'node:fs/promises';

export async function processesUsing(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await fs.readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(dir)) found.push(entry);
  }
  return found;
}
