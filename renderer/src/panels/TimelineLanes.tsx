/**
 * What the replay timeline draws under its markers: shading where the session's data is missing (gaps, silent
 * devices) or arrived late (backfill), and, after a back-test, a second lane of the alerts the edited rules raise.
 */
import type { BacktestMarker, SessionCoverage } from '../../../electron/common/replay';

/** A time of day as the timeline writes it. */
export const clock = (t: number): string => new Date(t).toLocaleTimeString();
type Share = (t: number) => number;

const SHADE_TEXT = {
  gap: () => 'no data',
  partial: (devices: string[]) => `silent: ${devices.join(', ')}`,
  backfill: () => 'data arrived late (backfilled)',
} as const;

export function CoverageShading({ coverage, share }: { coverage: SessionCoverage | null; share: Share }) {
  if (!coverage) return null;
  return (
    <>
      {coverage.spans.map((s, i) => {
        const left = share(s.from) * 100;
        const width = Math.max(0.2, share(s.to) * 100 - left);
        return (
          <span
            key={`${s.kind}${i}`}
            className={`shade ${s.kind}`}
            data-testid="timeline-shade"
            data-kind={s.kind}
            style={{ left: `${left}%`, width: `${width}%` }}
            title={`${clock(s.from)}–${clock(s.to)}: ${SHADE_TEXT[s.kind](s.devices)}`}
          />
        );
      })}
    </>
  );
}

function describe(m: BacktestMarker): string {
  const when = clock(m.t);
  switch (m.change) {
    case 'appeared':
      return `${when} ${m.rule} · ${m.subject}: would be raised (not recorded)`;
    case 'vanished':
      return `${when} ${m.rule} · ${m.subject}: recorded, would not be raised`;
    case 'moved':
      return `${when} ${m.rule} · ${m.subject}: would move by ${Math.round((m.shiftMs ?? 0) / 1000)} s`;
    case 'unchanged':
      return `${when} ${m.rule} · ${m.subject}: unchanged`;
  }
}

/** The back-test's alerts: appeared, moved, unchanged at their new times; vanished ones crossed at the old. */
export function BacktestLane({ markers, share }: { markers: readonly BacktestMarker[]; share: Share }) {
  return (
    <>
      {markers.map((m, i) => (
        <span
          key={`${m.id}#${i}`}
          className={`bt-marker ${m.change} ${m.severity}`}
          data-testid="backtest-marker"
          data-change={m.change}
          style={{ left: `${share(m.t) * 100}%` }}
          title={describe(m)}
        />
      ))}
    </>
  );
}

/** What the shading means, counted, with every span listed in its tooltip (the shading itself takes no pointer). */
export function CoverageSummary({ coverage }: { coverage: SessionCoverage | null }) {
  if (!coverage || coverage.spans.length === 0) return null;
  const n = (kind: string): number => coverage.spans.filter((s) => s.kind === kind).length;
  const parts = [
    [n('gap'), 'gap', 'gaps'],
    [n('partial'), 'silent span', 'silent spans'],
    [n('backfill'), 'backfilled span', 'backfilled spans'],
  ].filter(([count]) => (count as number) > 0);
  const detail = coverage.spans
    .map((s) => `${clock(s.from)}–${clock(s.to)} ${SHADE_TEXT[s.kind](s.devices)}`)
    .join('\n');
  return (
    <span className="muted" data-testid="coverage-summary" title={detail}>
      {parts.map(([count, one, many]) => `${count} ${count === 1 ? one : many}`).join(' · ')}
    </span>
  );
}
