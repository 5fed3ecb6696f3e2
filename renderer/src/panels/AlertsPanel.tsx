/** Active alerts with severity, reason and evidence; acknowledge; click to fly the camera to what it concerns. */
import { useState } from 'react';
import type { TwinscopeApi } from '../../../electron/common/api';
import type { SiteSpec } from '../../../electron/common/site';
import type { AlertView } from '../../../electron/common/views';
import { useTwin } from '../state/twinStore';
import { useReplay } from './replayControl';
import { requestCamera } from '../state/uiStore';
import { doorCenter, roomCenter } from '../scene/siteGeometry';

function focusOf(site: SiteSpec | null, subject: string): readonly [number, number] | undefined {
  const door = site?.doors.find((d) => d.id === subject);
  if (door) return doorCenter(door);
  const room = site?.rooms.find((r) => r.id === subject);
  if (room) return roomCenter(room);
  const sensor = site?.sensors.find((s) => s.dev === subject);
  return sensor ? [sensor.position[0], sensor.position[1]] : undefined;
}

const time = (t: number): string => new Date(t).toLocaleTimeString();

export function AlertsPanel({ api }: { api: TwinscopeApi }) {
  const alerts = useTwin((s) => s.alerts);
  const site = useTwin((s) => s.site);
  // A replayed alert is history: acknowledging belongs to the live twin.
  const replaying = useReplay((s) => s.state !== null);
  const [error, setError] = useState<string | null>(null);

  async function acknowledge(a: AlertView): Promise<void> {
    try {
      const r = await api.call('alerts.acknowledge', { alertId: a.id });
      setError(r.ok ? null : r.error);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <section data-testid="alerts" aria-label="alerts">
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {alerts.length === 0 && <p className="muted">No active alerts.</p>}
      <ul className="alert-list">
        {alerts.map((a) => {
          const focus = focusOf(site, a.subject);
          return (
            <li key={a.id} className={`alert ${a.severity} ${a.status}`} data-testid="alert" data-rule={a.rule}>
              <button
                type="button"
                className="alert-main"
                aria-label={`show ${a.subject} for alert ${a.rule}`}
                onClick={() => focus && requestCamera('perspective', focus)}
              >
                <strong>{a.rule}</strong> · {a.subject} · <span className="sev">{a.severity}</span>
                <br />
                <span>{a.reason}</span>
                <br />
                <small>
                  {time(a.raisedAt)} · {a.keys.length} sample{a.keys.length === 1 ? '' : 's'} as evidence
                  {a.occurrences > 1 ? ` · ${a.occurrences}×` : ''}
                  {a.foundLateMs !== null ? ` · found ${Math.round(a.foundLateMs / 1000)} s late` : ''}
                </small>
              </button>
              {replaying ? (
                <span className="acked" data-testid="replayed">
                  {a.status === 'raised' ? 'raised (replay)' : 'acknowledged (replay)'}
                </span>
              ) : a.status === 'raised' ? (
                <button
                  type="button"
                  onClick={() => void acknowledge(a)}
                  aria-label={`acknowledge ${a.rule} ${a.subject}`}
                >
                  Acknowledge
                </button>
              ) : (
                <span className="acked" data-testid="acked">
                  acknowledged
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
