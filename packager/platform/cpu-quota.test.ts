import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { coreCounts } from './cpu-quota.js';

const usableCores = async (root: string) => (await coreCounts(root)).usable;

describe('coreCounts', () => {
  const roots: string[] = [];
  afterEach(async () => {
    await Promise.all(roots.splice(0).map((root) => fs.rm(root, { recursive: true, force: true })));
  });

  async function cgroupRoot(files: Record<string, string>): Promise<string> {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'scalacast-cgroup-'));
    roots.push(root);
    for (const [name, text] of Object.entries(files)) {
      await fs.mkdir(path.dirname(path.join(root, name)), { recursive: true });
      await fs.writeFile(path.join(root, name), text);
    }
    return root;
  }

  const machine = os.availableParallelism();

  it('reads a cgroup v2 quota, rounding a part of a core up', async () => {
    expect(await usableCores(await cgroupRoot({ 'cpu.max': '150000 100000\n' }))).toBe(Math.min(machine, 2));
    expect(await usableCores(await cgroupRoot({ 'cpu.max': '50000 100000\n' }))).toBe(1);
  });

  it('reads a cgroup v1 quota', async () => {
    const root = await cgroupRoot({
      'cpu/cpu.cfs_quota_us': '100000\n',
      'cpu/cpu.cfs_period_us': '100000\n',
    });
    expect(await usableCores(root)).toBe(1);
  });

  it("is the machine's cores without a quota, or with none readable", async () => {
    expect(await usableCores(await cgroupRoot({ 'cpu.max': 'max 100000\n' }))).toBe(machine);
    const v1 = await cgroupRoot({ 'cpu/cpu.cfs_quota_us': '-1\n', 'cpu/cpu.cfs_period_us': '100000\n' });
    expect(await usableCores(v1)).toBe(machine);
    expect(await usableCores(await cgroupRoot({}))).toBe(machine);
    expect((await coreCounts(await cgroupRoot({ 'cpu.max': '50000 100000\n' }))).machine).toBe(machine);
  });

  it('never reports more cores than the machine has', async () => {
    expect(await usableCores(await cgroupRoot({ 'cpu.max': '6400000 100000\n' }))).toBe(machine);
  });
});
