/** The API's session calls: list, rename/annotate, delete; what may not be deleted (being recorded or replayed). */
import type Database from 'better-sqlite3';
import type { ApiCalls } from '../../common/api';
import { deleteSession, updateSession } from '../store/SessionsEditor';
import { listSessions } from '../store/SessionsReader';

type Calls = 'sessions.list' | 'sessions.update' | 'sessions.delete';
type SessionHandlers = { [N in Calls]: (arg: ApiCalls[N][0]) => Promise<ApiCalls[N][1]> | ApiCalls[N][1] };

export interface SessionCallsDeps {
  db: () => Database.Database;
  /** The session the live recorder writes into. */
  recording: () => number;
  /** The session being replayed, if any. */
  replaying: () => number | undefined;
}

export function sessionCalls(deps: SessionCallsDeps): SessionHandlers {
  return {
    'sessions.list': () => listSessions(deps.db(), deps.recording()),
    'sessions.update': ({ id, name, notes }) => {
      const db = deps.db();
      const err = updateSession(db, id, {
        ...(name !== undefined ? { name } : {}),
        ...(notes !== undefined ? { notes } : {}),
      });
      if (err) return { ok: false, error: err.message, code: err.code };
      return { ok: true, value: listSessions(db, deps.recording()).find((s) => s.id === id)! };
    },
    'sessions.delete': async ({ id }) => {
      if (id === deps.recording()) {
        return {
          ok: false,
          code: 'recording',
          error: `session ${id} is being recorded now and cannot be deleted`,
          tip: 'it can be deleted once recording has moved on to another session (after a restart)',
        };
      }
      if (id === deps.replaying()) {
        return { ok: false, code: 'replaying', error: `session ${id} is being replayed`, tip: 'go back to live first' };
      }
      const r = await deleteSession(deps.db(), id);
      if (!r.ok) return { ok: false, error: r.error.message, code: r.error.code };
      return { ok: true, value: { rows: Object.values(r.deleted).reduce((a, b) => a + b, 0) } };
    },
  };
}
