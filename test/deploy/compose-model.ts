/**
 * compose.yaml as Docker Compose sees it: YAML merge keys resolved and `${VAR:-default}` interpolated with
 * an empty environment (the defaults a fresh `docker compose up` uses), plus small readers for the parts
 * the deployment tests compare.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface ComposeHealthcheck {
  readonly test?: string[] | string;
  readonly disable?: boolean;
}

export interface ComposeService {
  readonly image?: string;
  readonly command?: string[] | string;
  readonly entrypoint?: string[] | string;
  readonly environment?: Record<string, string | number | boolean | null>;
  readonly ports?: string[];
  readonly volumes?: string[];
  readonly healthcheck?: ComposeHealthcheck;
  readonly depends_on?: Record<string, { condition: string }> | string[];
  readonly restart?: string;
  readonly stop_grace_period?: string;
}

export interface ComposeFile {
  readonly services: Record<string, ComposeService>;
  readonly volumes?: Record<string, unknown>;
}

/** Compose's interpolation: `${VAR}`, `${VAR:-default}`, `${VAR-default}`, and `$$` for a literal `$`. */
export function interpolate(value: string, env: Readonly<Record<string, string>>): string {
  const result = value.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\}/g,
    (match, name: string | undefined, operator: string | undefined, fallback: string | undefined) => {
      if (match === '$$') return '\u0000';
      const given = env[name ?? ''];
      if (operator === ':-') return given ? given : (fallback ?? '');
      if (operator === '-') return given ?? fallback ?? '';
      return given ?? '';
    },
  );
  if (/\$[A-Za-z_{]/.test(result)) throw new Error(`unsupported interpolation in ${JSON.stringify(value)}`);
  return result.replaceAll('\u0000', '$');
}

function interpolateDeep(node: unknown, env: Readonly<Record<string, string>>): unknown {
  if (typeof node === 'string') return interpolate(node, env);
  if (Array.isArray(node)) return node.map((item) => interpolateDeep(item, env));
  if (node !== null && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, interpolateDeep(value, env)]));
  }
  return node;
}

export function loadCompose(env: Readonly<Record<string, string>> = {}): ComposeFile {
  const text = fs.readFileSync(path.join(repoRoot, 'compose.yaml'), 'utf8');
  const raw = parse(text, { merge: true }) as unknown;
  return interpolateDeep(raw, env) as ComposeFile;
}

/** A service's environment as the process sees it: every value a string. */
export function serviceEnv(service: ComposeService): Record<string, string> {
  return Object.fromEntries(
    Object.entries(service.environment ?? {}).map(([key, value]) => [
      key,
      value === null ? '' : String(value),
    ]),
  );
}

export function commandOf(service: ComposeService): string[] {
  const command = service.command ?? [];
  return typeof command === 'string' ? command.split(/\s+/).filter(Boolean) : command;
}

export function dependencies(service: ComposeService): Array<{ target: string; condition: string }> {
  const dependsOn = service.depends_on ?? {};
  if (Array.isArray(dependsOn)) return dependsOn.map((target) => ({ target, condition: 'service_started' }));
  return Object.entries(dependsOn).map(([target, { condition }]) => ({ target, condition }));
}

export function hasHealthcheck(service: ComposeService): boolean {
  const check = service.healthcheck;
  return check !== undefined && check.disable !== true && check.test !== undefined && check.test.length > 0;
}

/** Ports named in a healthcheck's `http://host:PORT/` URLs. */
export function healthcheckPorts(service: ComposeService): number[] {
  const test = service.healthcheck?.test ?? [];
  const text = typeof test === 'string' ? test : test.join(' ');
  return [...text.matchAll(/https?:\/\/[^/:'"\s]+:(\d+)\//g)].map((match) => Number(match[1]));
}

/** Host-side bind mounts (`./relative:/in/container[:ro]`) as [absolute host path, container path]. */
export function bindMounts(service: ComposeService): Array<[string, string]> {
  return (service.volumes ?? [])
    .filter((volume) => volume.startsWith('./'))
    .map((volume) => {
      const [source = '', target = ''] = volume.split(':');
      return [path.join(repoRoot, source), target];
    });
}

/** Compose duration (`20s`, `1m30s`, `150s`) in milliseconds. */
export function durationMs(value: string): number {
  const parts = [...value.matchAll(/(\d+)(ms|s|m|h)/g)];
  if (parts.length === 0) throw new Error(`not a compose duration: ${value}`);
  const unitMs = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
  return parts.reduce(
    (sum, [, amount, unit]) => sum + Number(amount) * unitMs[unit as keyof typeof unitMs],
    0,
  );
}
