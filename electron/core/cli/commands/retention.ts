/** `twinscope retention`: folds aged raw records into 1-minute rows and removes what is past its retention, by hand. */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { RetentionSettings } from '../../../common/retention';
import { openDatabase } from '../../store/openDatabase';
import { fileSpace, releaseFreePages, vacuumFully } from '../../store/retention/reclaim';
import { Retention, type RetentionReport } from '../../store/retention/Retention';
import { retentionOf } from '../../store/retention/retentionFor';
import { RetentionRules } from '../../store/retention/settings';
import { readSite } from '../../twin/site/defaultSite';
import { UsageError, type CliCommand } from '../command';
import { iso, parseTime } from '../timeFlags';

const usage = `Usage: twinscope retention --db FILE [--site FILE] [--dry-run] [--vacuum] [--now TIME]

Applies the retention settings (the site's "retention" section: --site, else the site kept with the newest
session, else raw 7 days and 1-minute min/mean/max rows 365 days) to the ENDED sessions of a history: raw
samples past their time are folded into 1-minute rows and removed, discrete events are kept as long as the
1-minute rows, and those expire in turn. record and serve do the same every hour; this is for a history
nobody is recording into (it takes the writer lock).

Options:
  --db FILE    the history
  --site FILE  retention settings from this site file
  --dry-run    say what would be removed and kept; change nothing
  --vacuum     afterwards rewrite the file without its free space (VACUUM), which also lets an older history
               shrink by itself from then on; needs free disk space as large as the file
  --now TIME   measure ages from TIME (ISO date-time or epoch ms) instead of now`;

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

function describeSettings(s: RetentionSettings): string {
  const overrides = s.overrides.map((o) => {
    const what = [o.dev, o.channel].filter(Boolean).join(' ') || 'all';
    const keep = [
      o.rawDays !== undefined ? `raw ${o.rawDays} d` : '',
      o.minuteDays ? `1-minute ${o.minuteDays} d` : '',
    ];
    return `${what}: ${keep.filter(Boolean).join(', ')}`;
  });
  return `raw ${s.rawDays} days, 1-minute rows ${s.minuteDays} days${overrides.length ? `; ${overrides.join('; ')}` : ''}`;
}

function printReport(r: RetentionReport, out: (line: string) => void, verb: { did: string; kept: string }): void {
  for (const s of r.sessions) {
    const to = s.downsampledTo === null ? '' : `, downsampled up to ${iso(s.downsampledTo)}`;
    out(`session ${s.session}: arrival positions 1..${s.prunedTo} pruned${to}`);
  }
  // Recording folds as it goes: most samples retention removes were in the tier already (it made no rows for them).
  const live = r.rawFoldedLive > 0 ? ` (${r.rawFoldedLive} of them folded while they were recorded)` : '';
  out(`${verb.did} ${r.rawFolded} raw samples into ${r.minuteRowsWritten} 1-minute rows${live}`);
  out(`${verb.kept} ${r.rawKept} raw samples of the pruned spans (events, rows an override keeps longer)`);
  out(
    `${verb.did.replace('folded', 'removed')} ${r.inputsRemoved} clock ticks and sightings, ${r.snapshotsRemoved} engine snapshots`,
  );
  out(
    `expired ${r.minuteRowsExpired} 1-minute rows, ${r.eventsExpired} events and ${r.inputsExpired} engine inputs ` +
      'past the 1-minute retention',
  );
}

export const command: CliCommand = {
  name: 'retention',
  usage,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        db: { type: 'string' },
        site: { type: 'string' },
        'dry-run': { type: 'boolean' },
        vacuum: { type: 'boolean' },
        now: { type: 'string' },
      },
      strict: true,
    });
    if (!values.db) throw new UsageError('--db FILE is required');
    if (values['dry-run'] && values.vacuum) throw new UsageError('--dry-run and --vacuum do not go together');
    const now = parseTime('--now', values.now) ?? Date.now();
    if (!existsSync(values.db)) throw new Error(`cannot open database ${values.db}: no such file`);
    const site = values.site ? await readSite(values.site) : undefined;
    const db = openDatabase(values.db);
    try {
      const { settings, from } = retentionOf(db, site, values.site);
      io.out(`retention: ${describeSettings(settings)} (${from}); ages measured from ${iso(now)}`);
      const before = fileSpace(db);
      const dry = values['dry-run'] === true;
      // A dry run does all the work in one transaction and rolls it back: exactly what a real run would do.
      if (dry) db.exec('BEGIN');
      const retention = new Retention(db, new RetentionRules(settings), now);
      try {
        while (!io.signal.aborted && retention.step());
      } finally {
        if (dry) db.exec('ROLLBACK');
      }
      printReport(
        retention.report,
        io.out,
        dry ? { did: 'would fold', kept: 'would keep' } : { did: 'folded', kept: 'kept' },
      );
      if (io.signal.aborted) {
        io.err('stopped: what was done so far is committed; the next run carries on');
        return 130;
      }
      if (dry) {
        io.out(`dry run: nothing was changed (${values.db}: ${mb(before.bytes)})`);
        return 0;
      }
      if (values.vacuum) vacuumFully(db);
      else releaseFreePages(db);
      db.pragma('wal_checkpoint(TRUNCATE)');
      const after = fileSpace(db);
      const reuse =
        after.mode === 'none'
          ? `; ${mb(after.freeBytes)} free inside it are reused by new data (--vacuum shrinks the file)`
          : '';
      io.out(`${values.db}: ${mb(before.bytes)} before, ${mb(after.bytes)} now${reuse}`);
      return 0;
    } finally {
      db.close();
    }
  },
};
