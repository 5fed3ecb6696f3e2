/**
 * The sessions panel's Import…: picks a .twinrec (the desktop dialog, or the browser's picker and an upload), shows
 * the import's progress, then the new session (the list reloads) or why nothing was imported.
 */
import { useEffect, useState } from 'react';
import type { ImportResult, TwinscopeApi } from '../../../electron/common/api';
import type { SessionImportError, TaskProgress } from '../../../electron/common/replay';
import { importRecording } from '../api/importRecording';
import { sessionsChanged } from './replayControl';

/** What each refusal means, before the core's own words (which name the file, the record, the session). */
const WHY: Partial<Record<SessionImportError, string>> = {
  'not-twinrec': 'That file is not a .twinrec recording.',
  'newer-format': 'That recording is from a newer Twinscope.',
  damaged: 'That recording is damaged.',
  tampered: 'That recording does not verify: it was changed after it was sealed.',
  'already-imported': 'That recording is already here.',
  overlaps: 'That recording overlaps one already here.',
  'too-large': 'That file is too large to upload.',
  busy: 'An import is under way already.',
};

type Shown =
  | { kind: 'idle' }
  | { kind: 'uploading'; name: string; bytes: number }
  | { kind: 'importing'; progress: TaskProgress }
  | { kind: 'done'; result: ImportResult };

export function ImportSession({ api }: { api: TwinscopeApi }) {
  const [shown, setShown] = useState<Shown>({ kind: 'idle' });
  const running = shown.kind === 'uploading' || shown.kind === 'importing';

  useEffect(
    () =>
      api.on('progress', (p) => {
        if (p.task === 'import') setShown((s) => (s.kind === 'done' ? s : { kind: 'importing', progress: p }));
      }),
    [api],
  );

  function start(): void {
    // Called straight from the click: the browser's picker opens only from a user's gesture.
    const pending = importRecording(api, { onUpload: (name, bytes) => setShown({ kind: 'uploading', name, bytes }) });
    setShown({ kind: 'idle' });
    void pending
      .then((result) => {
        if (result?.ok) sessionsChanged();
        setShown(result ? { kind: 'done', result } : { kind: 'idle' });
      })
      .catch((e: Error) => setShown({ kind: 'done', result: { ok: false, code: 'failed', error: e.message } }));
  }

  return (
    <div className="session-import">
      <button
        type="button"
        data-testid="session-import"
        aria-label="Import a .twinrec recording as a new session"
        disabled={running}
        onClick={start}
      >
        Import…
      </button>
      <ImportStatus shown={shown} />
    </div>
  );
}

function ImportStatus({ shown }: { shown: Shown }) {
  switch (shown.kind) {
    case 'idle':
      return null;
    case 'uploading':
      return (
        <p role="status" data-testid="import-progress">
          Uploading {shown.name} ({(shown.bytes / 2 ** 20).toFixed(1)} MB)…
        </p>
      );
    case 'importing': {
      const p = shown.progress;
      return (
        <p role="status" data-testid="import-progress">
          {p && p.total > 0
            ? `Importing: ${Math.round((100 * p.done) / p.total)}% of ${p.total.toLocaleString()} records`
            : 'Checking the recording…'}
        </p>
      );
    }
    case 'done': {
      const r = shown.result;
      if (r.ok)
        return (
          <p role="status" data-testid="import-done">
            {/* The summary names the session: "session 7: intact (…)". */}
            Imported {r.value.file} as {r.value.summary}.
          </p>
        );
      return (
        <p role="alert" className="error" data-testid="import-error" data-code={r.code}>
          {WHY[r.code] ? `${WHY[r.code]} ` : ''}
          {r.error}
          {r.tip ? ` (${r.tip})` : ''}
        </p>
      );
    }
    default: {
      const never: never = shown;
      return never;
    }
  }
}
