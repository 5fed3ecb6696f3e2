/** Checks of the MQTT flags shared by `record`, `simulate` and `lab`: a broker URL and TLS files that exist. */
import { accessSync, constants, statSync } from 'node:fs';
import { brokerUrlProblem } from '../sources/brokerUrl';
import { UsageError } from './command';

/** Throws a usage error when `url` is not a broker URL, saying what one looks like. */
export function checkBrokerUrl(flag: string, url: string): void {
  const problem = brokerUrlProblem(url);
  if (problem) throw new UsageError(`${flag} ${problem}`);
}

/** Throws a usage error when a file named by `flag` cannot be read. */
export function checkReadableFile(flag: string, file: string | undefined): void {
  if (file === undefined) return;
  try {
    if (statSync(file).isDirectory()) throw new UsageError(`${flag} ${file}: is a folder, not a file`);
    accessSync(file, constants.R_OK);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`${flag} ${file}: ${code === 'ENOENT' ? 'no such file' : `cannot be read (${code})`}`);
  }
}
