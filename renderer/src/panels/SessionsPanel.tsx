/**
 * Recorded sessions: when, how long, what they hold; name and annotate them, replay one, delete one (after a second
 * click that says what goes), import one from a .twinrec. The session being recorded is marked and cannot be deleted.
 */
import { useEffect, useState } from 'react';
import type { TwinscopeApi } from '../../../electron/common/api';
import type { SessionExport, SessionExportFormat, SessionInfo } from '../../../electron/common/replay';
import { useTwin } from '../state/twinStore';
import { ImportSession } from './ImportSession';
import { openSession, sessionsChanged, useReplay } from './replayControl';

const EXPORT_FORMATS: readonly [SessionExportFormat, string][] = [
  ['twinrec', '.twinrec (portable, sealed)'],
  ['mcap', 'MCAP (Foxglove)'],
  ['ndjson', 'NDJSON'],
  ['csv', 'CSV'],
];

const when = (t: number): string => new Date(t).toLocaleString();

function duration(s: SessionInfo): string {
  if (s.from === null || s.to === null) return 'no samples';
  const min = Math.round((s.to - s.from) / 60_000);
  return min >= 120 ? `${(min / 60).toFixed(1)} h` : `${min} min`;
}

export function SessionsPanel({ api }: { api: TwinscopeApi }) {
  const [sessions, setSessions] = useState<SessionInfo[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const link = useTwin((s) => s.link);
  const replaying = useReplay((s) => s.state?.session);
  const changed = useReplay((s) => s.sessionsChanged);
  const exporting = useReplay((s) => s.exporting);

  async function load(): Promise<void> {
    try {
      setSessions((await api.call('sessions.list', undefined)).reverse());
    } catch (e) {
      setMessage(`Could not list the sessions: ${(e as Error).message}`);
    }
  }
  useEffect(() => {
    if (link === 'open') void load();
  }, [api, link, changed]);

  async function update(id: number, patch: { name?: string; notes?: string }): Promise<void> {
    try {
      const r = await api.call('sessions.update', { id, ...patch });
      if (!r.ok) return setMessage(r.error);
      setSessions((list) => list?.map((s) => (s.id === id ? r.value : s)) ?? null);
      setMessage(`Session ${id} saved.`);
      sessionsChanged();
    } catch (e) {
      setMessage(`Could not save session ${id}: ${(e as Error).message}`);
    }
  }

  const [exported, setExported] = useState<SessionExport | null>(null);
  async function exportSession(id: number, format: SessionExportFormat): Promise<void> {
    setMessage(`Exporting session ${id}…`);
    try {
      const r = await api.call('sessions.export', { id, format });
      if (!r.ok) return setMessage(r.tip ? `${r.error} (${r.tip})` : r.error);
      setExported(r.value);
      setMessage(null);
    } catch (e) {
      setMessage(`Could not export session ${id}: ${(e as Error).message}`);
    }
  }

  async function remove(id: number): Promise<void> {
    try {
      const r = await api.call('sessions.delete', { id });
      if (!r.ok) return setMessage(r.tip ? `${r.error} (${r.tip})` : r.error);
      setMessage(`Session ${id} deleted (${r.value.rows.toLocaleString()} records).`);
      sessionsChanged();
    } catch (e) {
      setMessage(`Could not delete session ${id}: ${(e as Error).message}`);
    }
  }

  return (
    <section data-testid="sessions" aria-label="recorded sessions">
      <ImportSession api={api} />
      {message && <p role="status">{message}</p>}
      {exporting && (
        <p role="status" data-testid="export-progress">
          Exporting session {exporting.session}: {Math.round((100 * exporting.done) / Math.max(1, exporting.total))}%
        </p>
      )}
      {exported && <ExportDone exported={exported} />}
      {sessions?.length === 0 && <p className="muted">Nothing recorded yet.</p>}
      <ul className="sessions">
        {sessions?.map((s) => (
          <SessionItem
            key={s.id}
            session={s}
            replaying={s.id === replaying}
            onSave={(patch) => void update(s.id, patch)}
            onDelete={() => void remove(s.id)}
            onExport={(format) => void exportSession(s.id, format)}
          />
        ))}
      </ul>
    </section>
  );
}

function SessionItem({
  session: s,
  replaying,
  onSave,
  onDelete,
  onExport,
}: {
  session: SessionInfo;
  replaying: boolean;
  onSave: (patch: { name?: string; notes?: string }) => void;
  onDelete: () => void;
  onExport: (format: SessionExportFormat) => void;
}) {
  const [name, setName] = useState(s.name ?? '');
  const [notes, setNotes] = useState(s.notes ?? '');
  const [confirming, setConfirming] = useState(false);
  const [format, setFormat] = useState<SessionExportFormat>('twinrec');
  useEffect(() => {
    setName(s.name ?? '');
    setNotes(s.notes ?? '');
  }, [s.name, s.notes]);
  const dirty = name !== (s.name ?? '') || notes !== (s.notes ?? '');
  const canDelete = !s.recording && !replaying;

  return (
    <li className="session" data-testid={`session-${s.id}`}>
      <div className="session-head">
        <strong>#{s.id}</strong>
        <input
          aria-label={`name of session ${s.id}`}
          placeholder={when(s.started)}
          value={name}
          maxLength={120}
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && dirty && onSave({ name, notes })}
        />
        {s.recording && <span className="tag">recording</span>}
        {replaying && <span className="tag">replaying</span>}
      </div>
      <p className="muted">
        {when(s.from ?? s.started)} · {duration(s)} · {s.devices.length} devices · {s.samples.toLocaleString()} samples
        · {s.alerts} alerts{s.site ? ` · ${s.site.name}` : ''}
      </p>
      <textarea
        aria-label={`notes on session ${s.id}`}
        placeholder="notes"
        rows={2}
        maxLength={4000}
        value={notes}
        onChange={(e) => setNotes(e.target.value)}
      />
      <div className="session-actions">
        <button type="button" disabled={!dirty} onClick={() => onSave({ name, notes })}>
          Save
        </button>
        <button type="button" disabled={s.from === null || replaying} onClick={() => void openSession(s.id)}>
          Replay
        </button>
        <select
          aria-label={`export format of session ${s.id}`}
          value={format}
          onChange={(e) => setFormat(e.target.value as SessionExportFormat)}
        >
          {EXPORT_FORMATS.map(([f, label]) => (
            <option key={f} value={f}>
              {label}
            </option>
          ))}
        </select>
        <button
          type="button"
          data-testid={`session-export-${s.id}`}
          disabled={s.samples === 0}
          onClick={() => onExport(format)}
        >
          Export
        </button>
        {confirming ? (
          <>
            <button type="button" className="danger" data-testid={`session-delete-confirm-${s.id}`} onClick={onDelete}>
              Delete {s.samples.toLocaleString()} samples and {s.alerts} alerts
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </>
        ) : (
          <button
            type="button"
            disabled={!canDelete}
            title={canDelete ? 'delete this session' : s.recording ? 'being recorded' : 'being replayed'}
            data-testid={`session-delete-${s.id}`}
            onClick={() => setConfirming(true)}
          >
            Delete…
          </button>
        )}
      </div>
    </li>
  );
}

/** Where the export went; in browser mode the file is on the machine running Twinscope, so it is offered for download. */
function ExportDone({ exported: x }: { exported: SessionExport }) {
  const overHttp = window.location.protocol.startsWith('http');
  return (
    <p role="status" data-testid="export-done">
      Session {x.session} exported ({(x.bytes / 2 ** 20).toFixed(1)} MB, {x.records.toLocaleString()} records; {x.note})
      to <code>{x.path}</code>
      {overHttp && (
        <>
          {' '}
          <a href={`/exports/${x.name}`} download={x.name} data-testid="export-download">
            Download {x.name}
          </a>
        </>
      )}
    </p>
  );
}
