/** `twinscope alerts`: alerts stored in a history, with their lifecycle and the samples that caused them. */
import { parseArgs } from 'node:util';
import { AlertStore } from '../../store/AlertStore';
import { plural, type CliCommand } from '../command';
import { DB_USAGE, readHistory } from '../history';
import { iso, parseRange } from '../timeFlags';

export const command: CliCommand = {
  name: 'alerts',
  usage: `Usage: twinscope alerts [--db FILE] [--from TIME] [--to TIME] [--json]

Lists the alerts raised while recording (by the twin engine), oldest first: when raised,
acknowledged and cleared, the rule, what it concerns, why, and (with --json) the samples that caused it.
TIME is an ISO date-time or epoch ms. The database is only read.

Options:
${DB_USAGE}`,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { db: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' } },
      strict: true,
    });
    const range = parseRange(values.from, values.to);
    return readHistory(values.db, (db) => {
      const alerts = new AlertStore(db).list(range);
      if (values.json) {
        io.out(JSON.stringify(alerts, null, 2));
        return 0;
      }
      if (alerts.length === 0) {
        io.out('no alerts in that range');
        return 0;
      }
      for (const a of alerts) {
        io.out(
          `${iso(a.raisedAt)}  ${a.severity.padEnd(8)} ${a.rule.padEnd(18)} ${a.subject.padEnd(10)} ${a.status.padEnd(12)} ` +
            `cleared ${iso(a.clearedAt)}  ${a.reason}`,
        );
      }
      io.out(`\n${plural(alerts.length, 'alert')}`);
      return 0;
    });
  },
};
