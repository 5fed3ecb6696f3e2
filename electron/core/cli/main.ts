/** Entry of the `twinscope` command: help, version, and dispatch to a command with usage errors explained. */
import pkg from '../../../package.json';
import { UsageError, type CliIo } from './command';
import { COMMANDS } from './commands/index';

/** The general help: every command with its summary. */
export function generalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'twinscope: record, inspect and replay instrumented rooms',
    '',
    'Usage: twinscope <command> [options]',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `twinscope help <command>` (or `twinscope <command> --help`) for its options; `twinscope --version`.',
  ].join('\n');
}

/** The program's version, as `twinscope --version` prints it. */
export const VERSION: string = pkg.version;

async function commandHelp(name: string, io: CliIo): Promise<number> {
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    io.err(`twinscope: unknown command "${name}"\n\n${generalHelp()}`);
    return 2;
  }
  io.out((await entry.load()).usage);
  return 0;
}

/** Runs one command line; resolves with the exit code. Never throws for a user's mistake. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    // A bare `twinscope` is a mistake, not a request for help: help goes where errors go.
    io.err(generalHelp());
    return 2;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    io.out(`twinscope ${VERSION}`);
    return 0;
  }
  if (name === 'help' || name === '--help' || name === '-h') {
    if (rest[0] !== undefined) return commandHelp(rest[0], io);
    io.out(generalHelp());
    return 0;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    io.err(`twinscope: unknown command "${name}"\n\n${generalHelp()}`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.usage);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`twinscope ${name}: ${(e as Error).message}\n\n${command.usage}`);
      return 2;
    }
    io.err(`twinscope ${name}: ${(e as Error).message}`);
    return 1;
  }
}
