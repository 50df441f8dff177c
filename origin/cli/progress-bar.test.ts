import { describe, expect, it } from 'vitest';
import { createProgressWriter, renderProgress } from './progress-bar.js';

describe('upload progress', () => {
  it('renders the share sent, sizes and speed', () => {
    expect(renderProgress(0, 2_000_000, 0, 10)).toBe('[----------]   0% 0.0/2.0 MB 0.0 MB/s');
    expect(renderProgress(1_000_000, 2_000_000, 500_000, 10)).toBe('[#####-----]  50% 1.0/2.0 MB 0.5 MB/s');
    expect(renderProgress(2_000_000, 2_000_000, 4_000_000, 10)).toBe('[##########] 100% 2.0/2.0 MB 4.0 MB/s');
  });

  it('redraws in place on a terminal and writes a line per tenth otherwise', () => {
    const written: string[] = [];
    const fake = (isTTY: boolean) =>
      ({ isTTY, write: (text: string) => written.push(text) }) as unknown as NodeJS.WriteStream;
    const log = createProgressWriter(fake(false), () => 1000);
    for (let sent = 0; sent <= 100; sent += 5) log.update(sent, 100);
    expect(written).toHaveLength(11);
    written.length = 0;
    const terminal = createProgressWriter(fake(true), () => 1000);
    terminal.update(10, 100);
    terminal.update(20, 100);
    terminal.done();
    expect(written.map((text) => text[0])).toEqual(['\r', '\r', '\n']);
  });
});
