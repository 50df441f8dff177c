/** `scalacast keys create --name N --scopes a,b`, `keys ls`, `keys revoke <id>` (scope keys:admin). */
import { parseArgs } from 'node:util';
import { CliError } from './cli-api.js';
import { output, table, type CliContext } from './cli-context.js';
import { single } from './assets-command.js';

interface KeyJson {
  id: string;
  name: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  key?: string;
}

export async function keysCommand(args: string[], context: CliContext): Promise<number> {
  const [action, ...rest] = args;
  const { api } = context;
  switch (action) {
    case 'create': {
      const { values } = parseArgs({
        args: rest,
        options: {
          name: { type: 'string' },
          scopes: { type: 'string', default: 'assets:read,assets:write' },
        },
      });
      if (!values.name)
        throw new CliError('Usage: scalacast keys create --name NAME [--scopes assets:read,assets:write]', 2);
      const scopes = values.scopes
        .split(',')
        .map((scope) => scope.trim())
        .filter(Boolean);
      const created = await api.json<KeyJson>('POST', '/v1/keys', { name: values.name, scopes });
      output(context, created, () => [
        created.key ?? '',
        `(key ${created.id} "${created.name}", scopes ${created.scopes.join(',')}: shown once, store it now)`,
      ]);
      return 0;
    }
    case 'ls': {
      const { data } = await api.json<{ data: KeyJson[] }>('GET', '/v1/keys');
      output(context, { data }, () =>
        table(
          ['ID', 'NAME', 'SCOPES', 'LAST USED', 'REVOKED'],
          data.map((k) => [k.id, k.name, k.scopes.join(','), k.lastUsedAt ?? '-', k.revokedAt ?? '-']),
        ),
      );
      return 0;
    }
    case 'revoke': {
      const id = single(rest, 'keys revoke <id>');
      await api.json('DELETE', `/v1/keys/${encodeURIComponent(id)}`);
      output(context, { id, revoked: true }, () => [`revoked ${id}`]);
      return 0;
    }
    default:
      throw new CliError('Usage: scalacast keys create|ls|revoke <id>', 2);
  }
}
