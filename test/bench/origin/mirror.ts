/** nginx's copy of what the origin serves: the same bytes at the same URL paths, in a world-readable folder. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface Mirror {
  readonly rootDir: string;
  /** Writes an object under its playback path (`assets/{id}/r1/...` is served as `/play/{id}/r1/...`). */
  writeObject(key: string, bytes: Buffer): Promise<void>;
  writePath(urlPath: string, bytes: Buffer): Promise<void>;
  remove(): Promise<void>;
}

export async function createMirror(): Promise<Mirror> {
  const rootDir = await fs.mkdtemp(path.join(os.tmpdir(), 'scalacast-bench-root-'));
  await fs.chmod(rootDir, 0o755); // nginx workers run as nobody
  const writePath = async (urlPath: string, bytes: Buffer) => {
    const file = path.join(rootDir, ...urlPath.split('/').filter(Boolean));
    await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o755 });
    await fs.writeFile(file, bytes, { mode: 0o644 });
  };
  return {
    rootDir,
    writePath,
    writeObject: (key, bytes) => writePath(key.replace(/^assets\//, '/play/'), bytes),
    remove: () => fs.rm(rootDir, { recursive: true, force: true }),
  };
}
