/** `--out FILE` of `export` and `simulate`: opened before any work, so a bad path fails before success is claimed. */
import { createWriteStream, openSync, statSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';

/** A file the command cannot write (exit code 1, no usage text: the command line was fine). */
class OutputFileError extends Error {}

/** Opens (creates or truncates) `file` for writing; the error says why it cannot be. */
export function openOutputFile(flag: string, file: string): WriteStream {
  try {
    if (statSync(file).isDirectory()) throw new OutputFileError(`${flag} ${file}: is a folder; give a file name in it`);
  } catch (e) {
    if (e instanceof OutputFileError) throw e;
    /* does not exist yet: fine */
  }
  let fd: number;
  try {
    fd = openSync(file, 'w');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? `the folder ${dirname(file)} does not exist`
        : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
          ? 'cannot be written here (permission denied or read-only)'
          : code === 'EISDIR'
            ? 'is a folder; give a file name in it'
            : `cannot be created (${code})`;
    throw new OutputFileError(`${flag} ${file}: ${why}`);
  }
  return createWriteStream(file, { fd });
}
