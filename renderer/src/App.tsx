/** The application shell: connections and ingest health. The 3D twin and replay panels mount here as they land. */
import type { TwinscopeApi } from '../../electron/common/api';
import { ConnectionsPanel } from './panels/ConnectionsPanel';

export function App({ api }: { api: TwinscopeApi }) {
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: 16 }}>
      <h1 style={{ fontSize: 20, margin: '0 0 12px' }}>Twinscope</h1>
      <ConnectionsPanel api={api} />
    </main>
  );
}
