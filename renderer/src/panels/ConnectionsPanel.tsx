/** Sources (serial ports, MQTT brokers), their status, ingest counts and recent problems. */
import { useEffect, useState, type FormEvent } from 'react';
import type { ConnectRequest, IngestStats, SerialPortInfo, TwinscopeApi } from '../../../electron/common/api';
import type { Problem } from '../../../electron/common/problem';
import type { SourceInfo } from '../../../electron/common/source';

const PROBLEMS_SHOWN = 8;

export function ConnectionsPanel({ api }: { api: TwinscopeApi }) {
  const [sources, setSources] = useState<SourceInfo[]>([]);
  const [ports, setPorts] = useState<SerialPortInfo[]>([]);
  const [stats, setStats] = useState<IngestStats | undefined>();
  const [problems, setProblems] = useState<Problem[]>([]);
  const [target, setTarget] = useState('mqtt://127.0.0.1:1883');

  useEffect(() => {
    void api.call('sources.list', undefined).then(setSources);
    void api.call('ports.list', undefined).then((r) => r.ok && setPorts(r.value));
    const offStatus = api.on('status', (s) => setSources((all) => [...all.filter((x) => x.id !== s.id), s]));
    const offStats = api.on('stats', setStats);
    const offProblem = api.on('problem', (p) => setProblems((all) => [p, ...all].slice(0, PROBLEMS_SHOWN)));
    return () => {
      offStatus();
      offStats();
      offProblem();
    };
  }, [api]);

  function report(message: string): void {
    setProblems((all) => [{ severity: 'error' as const, message }, ...all].slice(0, PROBLEMS_SHOWN));
  }

  async function connectTo(req: ConnectRequest): Promise<void> {
    const r = await api.call('sources.connect', req);
    if (r.ok) setSources((all) => [...all.filter((x) => x.id !== r.value.id), r.value]);
    else report(r.error);
  }

  async function connect(e: FormEvent): Promise<void> {
    e.preventDefault();
    await connectTo(/^mqtts?:\/\//.test(target) ? { kind: 'mqtt', url: target } : { kind: 'serial', path: target });
  }

  async function disconnect(id: string): Promise<void> {
    const r = await api.call('sources.disconnect', { id });
    if (r.ok) setSources((all) => all.filter((x) => x.id !== id));
    else report(r.error);
  }

  return (
    <section data-testid="connections">
      <form onSubmit={(e) => void connect(e)}>
        <input
          list="ports"
          value={target}
          onChange={(e) => setTarget(e.target.value)}
          size={40}
          aria-label="port or broker URL"
        />
        <datalist id="ports">
          {ports.map((p) => (
            <option key={p.path} value={p.path}>
              {p.esp32 ? `ESP32? ${p.esp32}` : (p.manufacturer ?? '')}
            </option>
          ))}
        </datalist>
        <button type="submit">Connect</button>
        <button type="button" onClick={() => void connectTo({ kind: 'demo' })}>
          Demo devices
        </button>
      </form>
      <ul>
        {sources.map((s) => (
          <li key={s.id}>
            {s.target} — {s.status}{' '}
            <button type="button" aria-label={`disconnect ${s.target}`} onClick={() => void disconnect(s.id)}>
              ×
            </button>
          </li>
        ))}
      </ul>
      {stats && (
        <p data-testid="stats">
          {stats.samples} samples, {stats.duplicates} duplicates, {stats.rejected} rejected, {stats.logLines} log lines
        </p>
      )}
      <ul>
        {problems.map((p, i) => (
          <li key={i} style={{ color: p.severity === 'error' ? '#b00' : '#a60' }}>
            {p.message}
            {p.tip ? ` — ${p.tip}` : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}
