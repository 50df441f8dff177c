/**
 * `scalacast`: the publisher API from a shell. Configured by SCALACAST_URL (default http://127.0.0.1:8080)
 * and SCALACAST_KEY; `--json` prints machine-readable output. Exit status: 0 done, 1 the API refused or the
 * work failed, 2 usage or configuration.
 *
 * main(argv, env) is the whole program; the package's `bin` (scalacast-bin.js) runs it through tsx.
 */
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { assetsCommand } from './assets-command.js';
import { CHECK_DEFAULT_BASE, runCheckCommand } from './check.js';
import { CliError, createCliApi } from './cli-api.js';
import type { CliContext } from './cli-context.js';
import { keysCommand } from './keys-command.js';
import { uploadCommand } from './upload-command.js';
import { createUploadStateFile } from './upload-state.js';
import { captionsCommand, webhooksCommand } from './webhooks-command.js';

export const USAGE = `Usage: scalacast <command> [options] [--json]

  upload <file|url> [--wait] [--title T] [--external-id X] [--passthrough JSON] [--chunk-size BYTES]
                                 resumable upload with progress (run it again to resume), or URL ingest
  assets ls [--status S] [--external-id X] [--limit N] | assets get <id> | assets rm <id>
  keys create --name N [--scopes assets:read,assets:write] | keys ls | keys revoke <id>
  webhooks create <url> [--events asset.ready,...] | webhooks ls | webhooks rm <id> | webhooks deliveries <id>
  captions add <asset> <file.vtt|file.srt> --lang en [--name N] | captions ls <asset> | captions rm <asset> <lang>
  check <asset-id|playback URL> [--json]   conformance check of an asset's HLS and DASH

Environment: SCALACAST_URL (default ${CHECK_DEFAULT_BASE}), SCALACAST_KEY (an API key).`;

export interface CliIo {
  readonly stdout: (line: string) => void;
  readonly stderr: NodeJS.WriteStream;
}

export async function main(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  io: CliIo = defaultIo(),
): Promise<number> {
  const json = argv.includes('--json');
  const args = argv.filter((arg) => arg !== '--json');
  const [command, ...rest] = args;
  const baseUrl = (env.SCALACAST_URL ?? CHECK_DEFAULT_BASE).replace(/\/+$/, '');
  const key = env.SCALACAST_KEY;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.stdout(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === 'check') {
    return runCheckCommand(['--base', baseUrl, ...rest, ...(json ? ['--json'] : [])], {
      stdout: io.stdout,
      stderr: (line) => io.stderr.write(`${line}\n`),
      ...(key ? { apiKey: key } : {}),
    });
  }
  try {
    if (!key)
      throw new CliError('Set SCALACAST_KEY to an API key (scalacast keys create, with an admin key).', 2);
    const context: CliContext = {
      api: createCliApi(baseUrl, key),
      json,
      stdout: io.stdout,
      stderr: io.stderr,
      uploadState: createUploadStateFile(
        path.join(env.SCALACAST_STATE_DIR ?? path.join(os.homedir(), '.config', 'scalacast'), 'uploads.json'),
      ),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    };
    switch (command) {
      case 'upload':
        return await uploadCommand(rest, context);
      case 'assets':
        return await assetsCommand(rest, context);
      case 'keys':
        return await keysCommand(rest, context);
      case 'webhooks':
        return await webhooksCommand(rest, context);
      case 'captions':
        return await captionsCommand(rest, context);
      default:
        throw new CliError(`Unknown command "${command}".\n\n${USAGE}`, 2);
    }
  } catch (error) {
    const cliError =
      error instanceof CliError
        ? error
        : new CliError(error instanceof Error ? error.message : String(error), isUsageError(error) ? 2 : 1);
    if (json) io.stdout(JSON.stringify({ error: cliError.message }));
    io.stderr.write(`scalacast: ${cliError.message}\n`);
    return cliError.exitCode;
  }
}

/** node:util parseArgs refuses unknown or malformed options with these codes. */
function isUsageError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

function defaultIo(): CliIo {
  return { stdout: (line) => process.stdout.write(`${line}\n`), stderr: process.stderr };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2), process.env);
}
