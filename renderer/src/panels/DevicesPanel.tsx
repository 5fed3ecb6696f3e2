/**
 * Devices: last seen, rate, loss, RSSI, battery, clock sync, data lag; identify; the selection follows a click. Below,
 * the devices the site does not place, to place them.
 */
import { useState } from 'react';
import type { TwinscopeApi } from '../../../electron/common/api';
import type { DeviceView } from '../../../electron/common/views';
import { useTwin } from '../state/twinStore';
import { useUi } from '../state/uiStore';
import { NotPlaced } from './NotPlaced';

const seconds = (ms: number | null): string => (ms === null ? '–' : ms < 1000 ? '<1 s' : `${Math.round(ms / 1000)} s`);

function state(d: DeviceView): string {
  return d.status === 'offline' ? 'offline' : d.stale ? 'stale' : d.status === 'online' ? 'online' : 'live';
}

export function DevicesPanel({ api }: { api: TwinscopeApi }) {
  const view = useTwin((s) => s.panelView);
  const selected = useUi((s) => s.selected);
  const [message, setMessage] = useState<string | null>(null);
  const devices = Object.values(view?.devices ?? {}).sort((a, b) => a.dev.localeCompare(b.dev));

  async function identify(dev: string): Promise<void> {
    try {
      const r = await api.call('devices.identify', { dev });
      setMessage(r.ok ? `${dev} was asked to blink.` : `${r.error}${r.tip ? ` (${r.tip})` : ''}`);
    } catch (e) {
      setMessage((e as Error).message);
    }
  }

  return (
    <section data-testid="devices" aria-label="devices">
      {message && <p role="status">{message}</p>}
      {devices.length === 0 && <p className="muted">No device heard yet. Connect a source, or start the demo.</p>}
      <table className="devices">
        <thead>
          <tr>
            <th>Device</th>
            <th>State</th>
            <th title="time since the last message">Silent</th>
            <th>Rate</th>
            <th>Loss</th>
            <th>RSSI</th>
            <th>Bat</th>
            <th>Clock</th>
            <th>Lag</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {devices.map((d) => (
            <tr
              key={d.dev}
              className={selected === d.dev ? 'selected' : ''}
              data-testid={`device-${d.dev}`}
              data-state={state(d)}
              onClick={() => useUi.setState({ selected: d.dev })}
            >
              <td>
                <button type="button" className="link" onClick={() => useUi.setState({ selected: d.dev })}>
                  {d.dev}
                </button>
              </td>
              <td className={`state ${state(d)}`}>{state(d)}</td>
              <td>{seconds(d.silentForMs)}</td>
              <td>{d.intervalMs ? `${(1000 / d.intervalMs).toFixed(d.intervalMs > 1000 ? 2 : 0)}/s` : '–'}</td>
              <td>{(d.lossRate * 100).toFixed(1)}%</td>
              <td>{d.rssi ?? '–'}</td>
              <td>{d.bat !== null ? d.bat.toFixed(2) : '–'}</td>
              <td>{d.clock ?? '–'}</td>
              <td>{seconds(d.lagMs)}</td>
              <td>
                <button type="button" onClick={() => void identify(d.dev)} aria-label={`identify ${d.dev}`}>
                  Identify
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <NotPlaced api={api} />
    </section>
  );
}
