/** Where Twinscope keeps its data when not told otherwise: the platform's per-user application data folder. */
import { homedir, platform } from 'node:os';
import { join } from 'node:path';

export function userDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TWINSCOPE_DATA_DIR) return env.TWINSCOPE_DATA_DIR;
  switch (platform()) {
    case 'win32':
      return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Twinscope');
    case 'darwin':
      return join(homedir(), 'Library', 'Application Support', 'Twinscope');
    default:
      return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'twinscope');
  }
}

export function defaultDatabase(env: NodeJS.ProcessEnv = process.env): string {
  return join(userDataDir(env), 'history.db');
}
