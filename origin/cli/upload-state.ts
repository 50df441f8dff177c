/**
 * Where the CLI remembers unfinished uploads, so running the same `scalacast upload` again resumes instead
 * of starting over: a small JSON file mapping (server, file path, size, modification time) to the upload URL.
 */
import fs from 'node:fs/promises';
import path from 'node:path';

export interface UploadStateFile {
  get(fingerprint: string): Promise<string | null>;
  set(fingerprint: string, uploadUrl: string): Promise<void>;
  remove(fingerprint: string): Promise<void>;
}

export async function fileFingerprint(baseUrl: string, filePath: string): Promise<string> {
  const absolute = path.resolve(filePath);
  const stat = await fs.stat(absolute);
  return `${baseUrl}|${absolute}|${stat.size}|${Math.round(stat.mtimeMs)}`;
}

export function createUploadStateFile(filePath: string): UploadStateFile {
  const read = async (): Promise<Record<string, string>> => {
    try {
      return JSON.parse(await fs.readFile(filePath, 'utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  };
  const write = async (entries: Record<string, string>) => {
    await fs.mkdir(path.dirname(filePath), { recursive: true });
    await fs.writeFile(filePath, `${JSON.stringify(entries, null, 2)}\n`, { mode: 0o600 });
  };
  return {
    get: async (fingerprint) => (await read())[fingerprint] ?? null,
    set: async (fingerprint, uploadUrl) => write({ ...(await read()), [fingerprint]: uploadUrl }),
    remove: async (fingerprint) => {
      const { [fingerprint]: _removed, ...rest } = await read();
      await write(rest);
    },
  };
}
