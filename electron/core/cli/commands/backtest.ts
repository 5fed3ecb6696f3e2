/**
 * `twinscope backtest`: re-runs a recording through the twin engine with a (changed) site and rules, and says which
 * alerts would appear, vanish or move compared with what was recorded.
 */
import { parseArgs } from 'node:util';
import type { TwinInput } from '../../../common/twin';
import { readSite } from '../../twin/site/defaultSite';
import { AlertStore } from '../../store/AlertStore';
import { HistoryReader } from '../../store/HistoryReader';
import { readInputs, sessionIds } from '../../store/readInputs';
import { runBacktest, type AlertRecord } from '../../runner';
import { diffAlerts, type AlertDiffEntry } from '../../twin';
import { plural, UsageError, type CliCommand } from '../command';
import { DB_USAGE, readHistory } from '../history';
import { iso, parseRange } from '../timeFlags';

const usage = `Usage: twinscope backtest [--db FILE] --site FILE [--from TIME] [--to TIME] [--tolerance S] [--json]

Feeds the recorded inputs, in the order they arrived and session by session, through the twin configured by --site
(its "rules" section holds thresholds and alert settings), and compares the alerts it raises with
the alerts recorded live: which would appear, vanish, or be raised or cleared at another time.

Options:
${DB_USAGE}
  --from TIME, --to TIME   ISO date-times or epoch ms
  --tolerance S   time shifts up to S seconds count as unchanged (default 0)
  --json          the comparison as JSON`;

/** A time shift in words: "3.0 s later", "1.5 s earlier", "at the same time". */
export function shift(ms: number): string {
  if (Math.abs(ms) < 50) return 'at the same time';
  return `${(Math.abs(ms) / 1000).toFixed(1)} s ${ms > 0 ? 'later' : 'earlier'}`;
}

function describe(e: AlertDiffEntry): string {
  const what = `${e.rule} ${e.subject}`;
  switch (e.change) {
    case 'appeared':
      return `+ appears   ${iso(e.after!.raisedAt)}  ${what}: ${e.after!.reason}`;
    case 'vanished':
      return `- vanishes  ${iso(e.before!.raisedAt)}  ${what}: ${e.before!.reason}`;
    case 'moved': {
      const cleared = e.clearedShiftMs === null ? '' : `, cleared ${shift(e.clearedShiftMs)}`;
      return `~ moves     ${iso(e.before!.raisedAt)}  ${what}: raised ${shift(e.raisedShiftMs!)}${cleared}`;
    }
    case 'unchanged':
      return `  unchanged ${iso(e.before!.raisedAt)}  ${what}`;
    default: {
      const never: never = e.change;
      return never;
    }
  }
}

export const command: CliCommand = {
  name: 'backtest',
  usage,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        db: { type: 'string' },
        site: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        tolerance: { type: 'string' },
        json: { type: 'boolean' },
      },
      strict: true,
    });
    if (!values.site) throw new UsageError('--site FILE is required (the site and rules to test)');
    const tolerance = values.tolerance === undefined ? 0 : Number(values.tolerance);
    if (!(tolerance >= 0)) throw new UsageError('--tolerance must be a number of seconds, 0 or more');
    const range = parseRange(values.from, values.to);
    const site = await readSite(values.site);
    return readHistory(values.db, (db) => {
      const total = new HistoryReader(db).count(range);
      let done = 0;
      let lastReport = Date.now();
      function* counted(inputs: Iterable<TwinInput>): Generator<TwinInput> {
        for (const input of inputs) {
          if (input.kind === 'sample' && ++done % 10_000 === 0 && Date.now() - lastReport > 1000) {
            lastReport = Date.now();
            io.err(`back-testing: ${done} of ${total} samples`);
          }
          yield input;
        }
      }
      const recorded = new AlertStore(db).list(range);
      // Session by session: each recording starts from a fresh twin, as it did live.
      const result = { alerts: [] as AlertRecord[] };
      for (const session of sessionIds(db)) {
        result.alerts.push(...runBacktest(site, counted(readInputs(db, range, 'arrival', session))).alerts);
      }
      const diff = diffAlerts(recorded, result.alerts, { toleranceMs: tolerance * 1000 });
      const count = (c: AlertDiffEntry['change']): number => diff.filter((d) => d.change === c).length;
      const summary = {
        samples: total,
        recordedAlerts: recorded.length,
        backtestAlerts: result.alerts.length,
        appeared: count('appeared'),
        vanished: count('vanished'),
        moved: count('moved'),
      };
      if (values.json) {
        io.out(JSON.stringify({ summary, changes: diff }, null, 2));
        return 0;
      }
      for (const d of diff) io.out(describe(d));
      io.out(
        `\n${plural(total, 'sample')}; ${plural(recorded.length, 'alert')} recorded, ${result.alerts.length} with these rules: ` +
          `${summary.appeared} appear, ${summary.vanished} vanish, ${summary.moved} move`,
      );
      return 0;
    });
  },
};
