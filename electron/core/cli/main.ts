/** Entry of the `twinscope` command. */
import { UsageError, type CliIo } from './command';
import { COMMANDS } from './commands/index';

function help(io: CliIo): void {
  io.out('twinscope: record, inspect and replay instrumented rooms\n\nUsage: twinscope <command> [options]\n');
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  for (const c of COMMANDS) io.out(`  ${c.name.padEnd(width)}  ${c.summary}`);
  io.out('\nRun `twinscope <command> --help` for its options.');
}

export async function main(argv: string[]): Promise<number> {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const io: CliIo = {
    out: (t) => process.stdout.write(`${t}\n`),
    err: (t) => process.stderr.write(`${t}\n`),
    signal: controller.signal,
  };
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    help(io);
    return name === undefined ? 2 : 0;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    io.err(`twinscope: unknown command "${name}"`);
    help(io);
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
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
