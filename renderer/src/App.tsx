/** The application: toolbar, the 3D twin with its legend, side panels, charts and the status bar. */
import type { TwinscopeApi } from '../../electron/common/api';
import { ChartsPanel } from './panels/ChartsPanel';
import { HelpOverlay, useShortcuts } from './panels/HelpOverlay';
import { HoverCard } from './panels/HoverCard';
import { Legend } from './panels/Legend';
import { SidePanel } from './panels/SidePanel';
import { StatusBar } from './panels/StatusBar';
import { Timeline } from './panels/Timeline';
import { Toolbar } from './panels/Toolbar';
import { TwinScene } from './scene/TwinScene';
import { useTwin } from './state/twinStore';

export function App({ api }: { api: TwinscopeApi }) {
  const site = useTwin((s) => s.site);
  const link = useTwin((s) => s.link);
  useShortcuts();
  return (
    <div className="app">
      <Toolbar />
      <main className="main">
        <div className="stage">
          {site ? (
            <TwinScene site={site} />
          ) : (
            <p className="placeholder" role="status">
              {link === 'closed' ? 'Cannot reach the Twinscope core; retrying…' : 'Loading the site…'}
            </p>
          )}
          <Legend />
          <HoverCard />
        </div>
        <SidePanel api={api} />
      </main>
      <Timeline api={api} />
      <ChartsPanel api={api} />
      <StatusBar api={api} />
      <HelpOverlay />
    </div>
  );
}
