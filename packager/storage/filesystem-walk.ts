import type { Dirent } from 'node:fs';
import { readdir, rmdir } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { isMissing } from './filesystem-errors.js';

export interface ObjectFile {
  readonly key: string;
  readonly path: string;
}

/** `a/b/` may hold keys under `prefix` when one is a prefix of the other (`prefix` = `a/` or `a/b/c`). */
function mayHold(folderKeyPrefix: string, prefix: string): boolean {
  return folderKeyPrefix.startsWith(prefix) || prefix.startsWith(folderKeyPrefix);
}

async function entries(dirPath: string): Promise<Dirent[]> {
  try {
    const found = await readdir(dirPath, { withFileTypes: true });
    return found.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (error) {
    // A folder removed while we walk (a concurrent deletePrefix) simply holds nothing any more.
    if (isMissing(error)) return [];
    throw error;
  }
}

/**
 * Every object file whose key starts with `prefix` (plain string prefix, as S3 lists), depth first. Only
 * folders that can hold such keys are opened, so listing one asset does not read the whole store.
 */
export async function* walkObjectFiles(objectsDir: string, prefix: string): AsyncGenerator<ObjectFile> {
  const slash = prefix.lastIndexOf('/');
  const startKeyPrefix = slash === -1 ? '' : prefix.slice(0, slash + 1);
  const stack: string[] = [startKeyPrefix];
  while (stack.length > 0) {
    const folderKeyPrefix = stack.pop() as string;
    const folderPath = join(objectsDir, ...folderKeyPrefix.split('/').filter(Boolean));
    const children = await entries(folderPath);
    const subfolders: string[] = [];
    for (const entry of children) {
      const key = folderKeyPrefix + entry.name;
      if (entry.isDirectory()) {
        if (mayHold(`${key}/`, prefix)) subfolders.push(`${key}/`);
      } else if (entry.isFile() && key.startsWith(prefix)) {
        yield { key, path: join(folderPath, entry.name) };
      }
    }
    // Reverse so the stack pops them in name order.
    stack.push(...subfolders.reverse());
  }
}

/** Removes the now-empty folders above a deleted file, up to (not including) `objectsDir`. */
export async function removeEmptyParents(objectsDir: string, filePath: string): Promise<void> {
  let folder = dirname(filePath);
  while (folder.startsWith(objectsDir + sep)) {
    try {
      await rmdir(folder);
    } catch {
      // Not empty (or already gone, or a writer just refilled it): the folders above are not empty either.
      return;
    }
    folder = dirname(folder);
  }
}
