/**
 * The Dockerfile and .dockerignore as data: instructions per stage (continuation lines joined), and the
 * build-context filter with Docker's rules (patterns in order, the last match wins, `!` re-includes, a
 * pattern that matches a folder covers what is inside it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './compose-model.js';

export interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

export interface Stage {
  readonly from: string;
  readonly name: string | undefined;
  readonly instructions: Instruction[];
}

export function readDockerfile(): { args: Instruction[]; stages: Stage[] } {
  const text = fs.readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8');
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const args: Instruction[] = [];
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, keyword = '', rest = ''] = /^(\S+)\s+(.*)$/.exec(line) ?? [];
    const instruction = { keyword: keyword.toUpperCase(), args: rest.replace(/\s+/g, ' ') };
    if (instruction.keyword === 'FROM') {
      const [from = '', , name] = instruction.args.split(' ');
      stages.push({ from, name, instructions: [] });
    } else if (stages.length === 0) {
      args.push(instruction);
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return { args, stages };
}

function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index] ?? '';
    if (char === '*' && pattern[index + 1] === '*') {
      source += '.*';
      index += 1;
      if (pattern[index + 1] === '/') index += 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** A `(path) => included` filter built from .dockerignore. */
export function readDockerignore(): (relativePath: string) => boolean {
  const rules = fs
    .readFileSync(path.join(repoRoot, '.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const include = line.startsWith('!');
      const pattern = (include ? line.slice(1) : line).replace(/^\/+|\/+$/g, '');
      return { include, regExp: globToRegExp(pattern) };
    });
  return (relativePath) => {
    const parts = relativePath.split('/');
    const prefixes = parts.map((_, index) => parts.slice(0, index + 1).join('/'));
    let included = true;
    for (const rule of rules) {
      if (prefixes.some((prefix) => rule.regExp.test(prefix))) included = rule.include;
    }
    return included;
  };
}

/** Files under a folder of the repository, relative to the repository root. */
export function listFiles(folder: string): string[] {
  return fs
    .readdirSync(path.join(repoRoot, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(repoRoot, path.join(entry.parentPath, entry.name)));
}
