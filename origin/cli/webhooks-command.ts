/**
 * `scalacast webhooks create <url> [--events asset.ready,...]`, `webhooks ls`, `webhooks rm <id>`,
 * `webhooks deliveries <id>` (scope webhooks:admin); `scalacast captions add <asset> <file> --lang L
 * [--name N]`, `captions ls <asset>`, `captions rm <asset> <lang>`.
 */
import fs from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { assertOk, CliError } from './cli-api.js';
import { output, table, type CliContext } from './cli-context.js';
import { single } from './assets-command.js';

export async function webhooksCommand(args: string[], context: CliContext): Promise<number> {
  const [action, ...rest] = args;
  const { api } = context;
  switch (action) {
    case 'create': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { events: { type: 'string' } },
      });
      const url = single(positionals, 'webhooks create <url> [--events asset.ready,...]');
      const events = values.events?.split(',').map((event) => event.trim());
      const created = await api.json<{ id: string; secret: string }>('POST', '/v1/webhooks', {
        url,
        ...(events ? { events } : {}),
      });
      output(context, created, () => [
        `webhook ${created.id}`,
        `secret ${created.secret}  (shown once: verify signatures with it)`,
      ]);
      return 0;
    }
    case 'ls': {
      const { data } = await api.json<{ data: { id: string; url: string; events: string[] }[] }>(
        'GET',
        '/v1/webhooks',
      );
      output(context, { data }, () =>
        table(
          ['ID', 'URL', 'EVENTS'],
          data.map((w) => [w.id, w.url, w.events.join(',')]),
        ),
      );
      return 0;
    }
    case 'rm': {
      const id = single(rest, 'webhooks rm <id>');
      await api.json('DELETE', `/v1/webhooks/${encodeURIComponent(id)}`);
      output(context, { id, deleted: true }, () => [`deleted ${id}`]);
      return 0;
    }
    case 'deliveries': {
      const id = single(rest, 'webhooks deliveries <id>');
      type Delivery = {
        eventId: string;
        eventType: string;
        attempt: number;
        statusCode: number | null;
        error: string | null;
        createdAt: string;
      };
      const page = await api.json<{ data: Delivery[] }>(
        'GET',
        `/v1/webhooks/${encodeURIComponent(id)}/deliveries`,
      );
      output(context, page, () =>
        table(
          ['WHEN', 'EVENT', 'TYPE', 'ATTEMPT', 'STATUS'],
          page.data.map((d) => [
            d.createdAt,
            d.eventId,
            d.eventType,
            String(d.attempt),
            d.error ?? String(d.statusCode),
          ]),
        ),
      );
      return 0;
    }
    default:
      throw new CliError('Usage: scalacast webhooks create <url>|ls|rm <id>|deliveries <id>', 2);
  }
}

export async function captionsCommand(args: string[], context: CliContext): Promise<number> {
  const [action, ...rest] = args;
  const { api } = context;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { lang: { type: 'string' }, name: { type: 'string' } },
  });
  const [assetId, second] = positionals;
  if (action === 'ls' && assetId) {
    const { data } = await api.json<{ data: { language: string; name: string; url: string }[] }>(
      'GET',
      `/v1/assets/${assetId}/captions`,
    );
    output(context, { data }, () =>
      table(
        ['LANGUAGE', 'NAME', 'URL'],
        data.map((c) => [c.language, c.name, c.url]),
      ),
    );
    return 0;
  }
  if (action === 'rm' && assetId && second) {
    await api.json('DELETE', `/v1/assets/${assetId}/captions/${encodeURIComponent(second)}`);
    output(context, { assetId, language: second, deleted: true }, () => [
      `deleted ${second} captions of ${assetId}`,
    ]);
    return 0;
  }
  if (action === 'add' && assetId && second && values.lang) {
    const query = values.name ? `?name=${encodeURIComponent(values.name)}` : '';
    const response = await api.request(
      `${api.baseUrl}/v1/assets/${assetId}/captions/${encodeURIComponent(values.lang)}${query}`,
      {
        method: 'PUT',
        headers: {
          'content-type': second.toLowerCase().endsWith('.srt') ? 'application/x-subrip' : 'text/vtt',
        },
        body: await fs.readFile(second),
      },
    );
    await assertOk(response, `PUT captions ${values.lang}`);
    const caption = (await response.json()) as { language: string; url: string };
    output(context, caption, () => [`${caption.language} captions: ${caption.url}`]);
    return 0;
  }
  throw new CliError(
    'Usage: scalacast captions add <asset> <file.vtt|file.srt> --lang en [--name N] | ls <asset> | rm <asset> <lang>',
    2,
  );
}
