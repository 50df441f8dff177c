/**
 * The Helm chart read as text and data, for the checks that need no helm binary: template files, the
 * `.Values` paths they use (directly or through `$x := .Values...` variables), and values.yaml.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from './compose-model.js';

export const chartDir = path.join(repoRoot, 'charts', 'scalacast');

export function readTemplates(): Map<string, string> {
  const dir = path.join(chartDir, 'templates');
  return new Map(fs.readdirSync(dir).map((file) => [file, fs.readFileSync(path.join(dir, file), 'utf8')]));
}

export function readValues(): Record<string, unknown> {
  return parse(fs.readFileSync(path.join(chartDir, 'values.yaml'), 'utf8')) as Record<string, unknown>;
}

/** Every values path a template reads, e.g. `origin.autoscaling.enabled`, with the file that reads it. */
export function valuesPathsUsed(templates: Map<string, string>): Array<{ file: string; path: string }> {
  const used: Array<{ file: string; path: string }> = [];
  for (const [file, text] of templates) {
    const variables = new Map<string, string>();
    for (const match of text.matchAll(/\$([A-Za-z_]\w*)\s*:=\s*(?:\$|\.root)?\.Values((?:\.\w+)+)/g)) {
      variables.set(match[1] ?? '', (match[2] ?? '').slice(1));
    }
    for (const match of text.matchAll(/\.Values((?:\.\w+)+)/g))
      used.push({ file, path: (match[1] ?? '').slice(1) });
    for (const [name, base] of variables) {
      for (const match of text.matchAll(new RegExp(`\\$${name}((?:\\.\\w+)+)`, 'g'))) {
        used.push({ file, path: `${base}${match[1] ?? ''}` });
      }
    }
  }
  return used;
}

export function hasPath(values: unknown, dotted: string): boolean {
  let node: unknown = values;
  for (const key of dotted.split('.')) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return true;
}

/** Env var names a template sets: `- name: X` entries and, for the ConfigMap, its data keys. */
export function envNamesIn(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(/^\s*- name: ([A-Z][A-Z0-9_]*)\s*$/gm)) names.add(match[1] ?? '');
  return names;
}

export function configMapKeys(text: string): Set<string> {
  const data = text.slice(text.indexOf('\ndata:'));
  return new Set([...data.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((match) => match[1] ?? ''));
}

/** The body of a `{{- define "name" -}}` block of _helpers.tpl. */
export function definedTemplate(helpers: string, name: string): string {
  const start = helpers.indexOf(`{{- define "${name}" -}}`);
  if (start < 0) throw new Error(`no template ${name} in _helpers.tpl`);
  const end = helpers.indexOf('{{- end -}}\n\n', start);
  return helpers.slice(start, end < 0 ? undefined : end);
}
