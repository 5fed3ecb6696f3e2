/**
 * The devices panel's "Not placed" section: devices heard from that the site does not place (third-party sensors,
 * or our own under a new id), each with a form to place it in a room (at a floor position), on a door (contacts
 * and angles), or onto an existing sensor. The core writes the site file and the twin takes the device at once.
 */
import { useEffect, useState } from 'react';
import type { PlaceRequest, TwinscopeApi, UnplacedDevice } from '../../../electron/common/api';
import { useTwin } from '../state/twinStore';
import { PlaceForm } from './PlaceForm';

const ago = (t: number | null): string => {
  if (t === null) return '–';
  const s = Math.max(0, Math.round((Date.now() - t) / 1000));
  return s < 60 ? `${s} s ago` : s < 3600 ? `${Math.round(s / 60)} min ago` : new Date(t).toLocaleString();
};

/** Changes when a device the site does not place starts or stops being heard: the list is read again then. */
function useUnplacedKey(): string {
  return useTwin((s) =>
    Object.values(s.panelView?.devices ?? {})
      .filter((d) => !d.inSite)
      .map((d) => d.dev)
      .sort()
      .join(' '),
  );
}

export function NotPlaced({ api }: { api: TwinscopeApi }) {
  const [devices, setDevices] = useState<UnplacedDevice[] | null>(null);
  const [placing, setPlacing] = useState<string | null>(null);
  const [message, setMessage] = useState<{ text: string; failed: boolean } | null>(null);
  const [reload, setReload] = useState(0);
  const key = useUnplacedKey();
  // When each was last heard, from the live picture (the list itself is read from the history only on changes).
  const heard = useTwin((s) => s.panelView?.devices);

  useEffect(() => {
    let live = true;
    api.call('devices.notPlaced', undefined).then(
      (list) => live && setDevices(list),
      (e: Error) => live && setMessage({ text: `could not list the devices not placed: ${e.message}`, failed: true }),
    );
    return () => {
      live = false;
    };
  }, [api, key, reload]);

  async function place(req: PlaceRequest, where: string): Promise<void> {
    try {
      const r = await api.call('site.placeDevice', req);
      if (!r.ok) {
        setMessage({ text: `${req.dev} was not placed: ${r.error}${r.tip ? ` (${r.tip})` : ''}`, failed: true });
        return;
      }
      useTwin.setState({ site: r.value.site });
      const saved = r.value.copied
        ? `the built-in site, with it, was saved to ${r.value.file} and is used from now on`
        : `saved in ${r.value.file}`;
      setMessage({ text: `${req.dev} placed ${where}; ${saved}.`, failed: false });
      setPlacing(null);
      setReload((n) => n + 1);
    } catch (e) {
      setMessage({ text: `${req.dev} was not placed: ${(e as Error).message}`, failed: true });
    }
  }

  return (
    <section data-testid="not-placed" aria-labelledby="not-placed-title" className="not-placed">
      <h3 id="not-placed-title">Not placed</h3>
      {message && (
        <p
          role={message.failed ? 'alert' : 'status'}
          className={message.failed ? 'failed' : ''}
          data-testid="place-message"
        >
          {message.text}
        </p>
      )}
      {devices !== null && devices.length === 0 && <p className="muted">Every device heard from is in the site.</p>}
      {devices !== null && devices.length > 0 && (
        <table className="devices">
          <thead>
            <tr>
              <th>Device</th>
              <th>Convention</th>
              <th>Channels</th>
              <th>Last seen</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {devices.map((d) => (
              <tr key={d.dev} data-testid={`unplaced-${d.dev}`}>
                <td>{d.dev}</td>
                <td>{d.convention}</td>
                <td>{d.channels.join(', ') || '–'}</td>
                <td>{ago(Math.max(d.lastRecv ?? 0, heard?.[d.dev]?.lastRecvT ?? 0) || null)}</td>
                <td>
                  <button
                    type="button"
                    aria-expanded={placing === d.dev}
                    aria-label={`place ${d.dev}`}
                    onClick={() => {
                      setMessage(null);
                      setPlacing(placing === d.dev ? null : d.dev);
                    }}
                  >
                    Place…
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {placing !== null && devices?.some((d) => d.dev === placing) && (
        <PlaceForm
          device={devices.find((d) => d.dev === placing)!}
          onPlace={(req, where) => void place(req, where)}
          onCancel={() => setPlacing(null)}
        />
      )}
    </section>
  );
}
