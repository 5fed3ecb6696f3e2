/**
 * The app's replay mode: one recorded session at a time, played through its own twin runner over a read-only
 * connection, while live sources go on being recorded. Whoever owns it routes frames: the replay's while one is
 * open, the live hub's otherwise.
 */
import type Database from 'better-sqlite3';
import type { Result } from '../../common/api';
import type { TwinFrame } from '../../common/frame';
import type { ReplayState } from '../../common/replay';
import type { SiteSpec } from '../../common/site';
import { ReplayPlayer } from '../replay/ReplayPlayer';
import { openDatabase } from '../store/openDatabase';
import { sessionSite } from './sessionSite';

export class ReplayController {
  private player: ReplayPlayer | undefined;
  private db: Database.Database | undefined;

  constructor(
    private readonly dbPath: string,
    private readonly fallbackSite: SiteSpec,
    private readonly onFrame: (frame: TwinFrame) => void,
  ) {}

  get active(): boolean {
    return this.player !== undefined;
  }

  /** The session being replayed. */
  get session(): number | undefined {
    return this.player?.session;
  }

  /** Opens a session paused at its start; a replay already open is closed first. */
  open(session: number): Result<ReplayState> {
    this.close();
    const db = (this.db = openDatabase(this.dbPath, { readonly: true }));
    const site = sessionSite(db, session, this.fallbackSite);
    if (!site) {
      this.close();
      return { ok: false, error: `no session ${session} in ${this.dbPath}`, tip: 'sessions.list names the sessions' };
    }
    this.player = new ReplayPlayer(db, session, site, { onFrame: this.onFrame });
    if (this.player.span.samples === 0) {
      this.close();
      return { ok: false, error: `session ${session} recorded no samples: there is nothing to replay` };
    }
    this.player.seek(this.player.span.from!);
    return { ok: true, value: this.player.state };
  }

  seek(t: number): Result<ReplayState> {
    const p = this.player;
    if (!p) return notOpen();
    p.seek(t);
    return { ok: true, value: p.state };
  }

  play(speed: number): Result<ReplayState> {
    const p = this.player;
    if (!p) return notOpen();
    if (p.ended) p.seek(p.span.from!);
    p.play(speed);
    return { ok: true, value: p.state };
  }

  pause(): Result<ReplayState> {
    const p = this.player;
    if (!p) return notOpen();
    p.pause();
    return { ok: true, value: p.state };
  }

  close(): void {
    this.player?.close();
    this.player = undefined;
    this.db?.close();
    this.db = undefined;
  }
}

function notOpen(): { ok: false; error: string; tip: string } {
  return { ok: false, error: 'no replay is open', tip: 'open a session with replay.open first' };
}
