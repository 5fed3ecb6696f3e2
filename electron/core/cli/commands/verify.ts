/** `twinscope verify`: checks each session of a history (or a .twinrec) against its hash chain. */
import { parseArgs } from 'node:util';
import { verifyHistory } from '../../store/integrity/verifyHistory';
import { HistoryFileError } from '../../store/openDatabase';
import { UsageError, type CliCommand } from '../command';
import { DB_USAGE, readHistory } from '../history';

export const command: CliCommand = {
  name: 'verify',
  usage: `Usage: twinscope verify [--db FILE] [--session ID] [--json]

Checks every session (or one) against the SHA-256 hash chain sealed while it was recorded: one line
per session, intact, sealed up to an arrival (still recording, or stopped without ending), not
sealed, or FAILED naming the first altered, missing or inserted record. Works on a .twinrec too.
The database is only read.

Exit code: 0 nothing was tampered with, 1 something was, 2 a wrong command line or file.

Options:
${DB_USAGE}
  --session ID         only this session
  --json               the results as JSON (one object per session, with every problem found)`,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { db: { type: 'string' }, session: { type: 'string' }, json: { type: 'boolean' } },
      strict: true,
    });
    const session = values.session === undefined ? undefined : Number(values.session);
    if (session !== undefined && (!Number.isSafeInteger(session) || session < 1))
      throw new UsageError('--session must be a session id (see twinscope sessions)');
    let results;
    try {
      results = await readHistory(values.db, (db, file) => {
        if (session !== undefined && !db.prepare('SELECT 1 FROM sessions WHERE id = ?').get(session)) {
          const chained = db.prepare('SELECT 1 FROM session_seals WHERE session = ? LIMIT 1').get(session);
          if (!chained) throw new HistoryFileError(`${file}: there is no session ${session}`);
        }
        return verifyHistory(db, session);
      });
    } catch (e) {
      // A file that cannot be checked is not a tampered one: its own exit code.
      io.err(`twinscope verify: ${(e as Error).message}`);
      return 2;
    }
    if (values.json) io.out(JSON.stringify(results, null, 2));
    else if (results.length === 0) io.out('no sessions recorded');
    else for (const r of results) io.out(r.summary);
    return results.some((r) => r.status === 'failed') ? 1 : 0;
  },
};
