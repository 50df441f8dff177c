/** `scalacast assets ls [--status S] [--external-id X] [--limit N]`, `assets get <id>`, `assets rm <id>`. */
import { parseArgs } from 'node:util';
import { CliError } from './cli-api.js';
import { output, table, type CliContext } from './cli-context.js';

interface AssetJson {
  id: string;
  title: string | null;
  status: string;
  progress: number;
  externalId: string | null;
  createdAt: string;
  playback: { hls: string; dash: string; player: string };
}

export async function assetsCommand(args: string[], context: CliContext): Promise<number> {
  const [action, ...rest] = args;
  const { api } = context;
  switch (action) {
    case 'ls': {
      const { values } = parseArgs({
        args: rest,
        options: {
          status: { type: 'string' },
          'external-id': { type: 'string' },
          limit: { type: 'string', default: '20' },
        },
      });
      const query = new URLSearchParams({ limit: values.limit });
      if (values.status) query.set('status', values.status);
      if (values['external-id']) query.set('externalId', values['external-id']);
      const page = await api.json<{ data: AssetJson[]; nextCursor: string | null }>(
        'GET',
        `/v1/assets?${query}`,
      );
      output(context, page, () =>
        table(
          ['ID', 'STATUS', 'TITLE', 'EXTERNAL ID', 'CREATED'],
          page.data.map((a) => [
            a.id,
            a.status === 'processing' ? `processing ${a.progress}%` : a.status,
            a.title ?? '',
            a.externalId ?? '',
            a.createdAt,
          ]),
        ),
      );
      return 0;
    }
    case 'get': {
      const id = single(rest, 'assets get <id>');
      const asset = await api.json<AssetJson>('GET', `/v1/assets/${encodeURIComponent(id)}`);
      output(context, asset, () => [JSON.stringify(asset, null, 2)]);
      return 0;
    }
    case 'rm': {
      const id = single(rest, 'assets rm <id>');
      await api.json('DELETE', `/v1/assets/${encodeURIComponent(id)}`);
      output(context, { id, deleted: true }, () => [`deleted ${id}`]);
      return 0;
    }
    default:
      throw new CliError('Usage: scalacast assets ls|get <id>|rm <id>', 2);
  }
}

export function single(args: readonly string[], usage: string): string {
  if (args.length !== 1 || args[0] === undefined) throw new CliError(`Usage: scalacast ${usage}`, 2);
  return args[0];
}
