/** Sources: serial ports (ESP32 boards marked), MQTT with credentials and TLS files, the demo; status and problems. */
import { useEffect, useState, type FormEvent } from 'react';
import type { ConnectRequest, SerialPortInfo, TwinscopeApi } from '../../../electron/common/api';
import { addProblem, upsertSource, useTwin } from '../state/twinStore';

export function ConnectionsPanel({ api }: { api: TwinscopeApi }) {
  const sources = useTwin((s) => s.sources);
  const problems = useTwin((s) => s.problems);
  const [ports, setPorts] = useState<SerialPortInfo[]>([]);
  const [portsError, setPortsError] = useState<string | null>(null);
  const [url, setUrl] = useState('mqtt://127.0.0.1:1883');
  const [port, setPort] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [caFile, setCaFile] = useState('');

  const refreshPorts = async (): Promise<void> => {
    try {
      const r = await api.call('ports.list', undefined);
      if (r.ok) setPorts(r.value);
      setPortsError(r.ok ? null : `${r.error}${r.tip ? ` (${r.tip})` : ''}`);
    } catch (e) {
      setPortsError((e as Error).message);
    }
  };
  useEffect(() => {
    void refreshPorts();
  }, [api]);

  async function connectTo(req: ConnectRequest): Promise<void> {
    try {
      const r = await api.call('sources.connect', req);
      if (r.ok) upsertSource(r.value);
      else addProblem({ severity: 'error', message: r.error, ...(r.tip ? { tip: r.tip } : {}) });
    } catch (e) {
      addProblem({ severity: 'error', message: (e as Error).message });
    }
  }

  async function disconnect(id: string): Promise<void> {
    try {
      const r = await api.call('sources.disconnect', { id });
      if (r.ok) useTwin.setState((s) => ({ sources: s.sources.filter((x) => x.id !== id) }));
      else addProblem({ severity: 'error', message: r.error });
    } catch (e) {
      addProblem({ severity: 'error', message: (e as Error).message });
    }
  }

  function connectMqtt(e: FormEvent): void {
    e.preventDefault();
    if (!/^(mqtts?|wss?):\/\/\S+$/.test(url)) {
      addProblem({ severity: 'error', message: `"${url}" is not a broker URL`, tip: 'e.g. mqtt://127.0.0.1:1883' });
      return;
    }
    void connectTo({
      kind: 'mqtt',
      url,
      ...(username ? { username } : {}),
      ...(password ? { password } : {}),
      ...(caFile ? { caFile } : {}),
    });
  }

  function connectSerial(e: FormEvent): void {
    e.preventDefault();
    if (!port) return addProblem({ severity: 'error', message: 'choose or type a serial port first' });
    void connectTo({ kind: 'serial', path: port });
  }

  return (
    <section data-testid="connections" aria-label="connections">
      <form onSubmit={connectMqtt} className="stack">
        <label>
          Broker URL
          <input value={url} onChange={(e) => setUrl(e.target.value)} aria-label="broker URL" />
        </label>
        <details>
          <summary>Credentials and TLS</summary>
          <label>
            User <input value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" />
          </label>
          <label>
            Password
            <input
              type="password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoComplete="current-password"
            />
          </label>
          <label>
            CA file (PEM path) <input value={caFile} onChange={(e) => setCaFile(e.target.value)} />
          </label>
        </details>
        <button type="submit">Connect broker</button>
      </form>
      <form onSubmit={connectSerial} className="stack">
        <label>
          Serial port
          <input list="ports" value={port} onChange={(e) => setPort(e.target.value)} aria-label="serial port" />
        </label>
        <datalist id="ports">
          {ports.map((p) => (
            <option key={p.path} value={p.path}>
              {p.esp32 ? `ESP32 ${p.esp32}` : (p.manufacturer ?? '')}
            </option>
          ))}
        </datalist>
        <ul className="ports">
          {ports.map((p) => (
            <li key={p.path}>
              {p.path} {p.esp32 ? <strong>★ ESP32 ({p.esp32})</strong> : p.manufacturer}
            </li>
          ))}
        </ul>
        {portsError && <p className="muted">Ports: {portsError}</p>}
        <div>
          <button type="submit">Connect port</button>{' '}
          <button type="button" onClick={() => void refreshPorts()}>
            Refresh ports
          </button>
        </div>
      </form>
      <button type="button" onClick={() => void connectTo({ kind: 'demo' })}>
        Start demo devices
      </button>
      <h3>Sources</h3>
      {sources.length === 0 && <p className="muted">None connected.</p>}
      <ul data-testid="sources">
        {sources.map((s) => (
          <li key={s.id} data-status={s.status}>
            {s.kind} {s.target} — <span className={`status ${s.status}`}>{s.status}</span>{' '}
            <button type="button" aria-label={`disconnect ${s.target}`} onClick={() => void disconnect(s.id)}>
              Disconnect
            </button>
          </li>
        ))}
      </ul>
      <h3>Problems</h3>
      <ul className="problems" data-testid="problems">
        {problems.map((p, i) => (
          <li key={i} className={p.severity}>
            {p.message}
            {p.tip ? <em> — {p.tip}</em> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
