/** `twinscope alerts`: alerts stored in a history, with their lifecycle and the samples that caused them. */
import { parseArgs } from 'node:util';
import { AlertStore } from '../../store/AlertStore';
import { openDatabase } from '../../store/openDatabase';
import { UsageError, type CliCommand } from '../command';
import { iso, parseRange } from '../timeFlags';

export const command: CliCommand = {
  name: 'alerts',
  usage: `Usage: twinscope alerts --db FILE [--from ISO] [--to ISO] [--json]

Lists the alerts raised while recording (by the twin engine), oldest first: when raised,
acknowledged and cleared, the rule, what it concerns, why, and (with --json) the samples that caused it.`,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { db: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' } },
      strict: true,
    });
    if (!values.db) throw new UsageError('--db FILE is required');
    const range = parseRange(values.from, values.to);
    const db = openDatabase(values.db, { readonly: true });
    try {
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
      io.out(`\n${alerts.length} alerts`);
      return 0;
    } finally {
      db.close();
    }
  },
};
