/** The side panel: tabs for alerts, devices, connections and sessions (keyboard: a, d, c, s). */
import type { TwinscopeApi } from '../../../electron/common/api';
import { useTwin } from '../state/twinStore';
import { useUi, type SideTab } from '../state/uiStore';
import { AlertsPanel } from './AlertsPanel';
import { ConnectionsPanel } from './ConnectionsPanel';
import { DevicesPanel } from './DevicesPanel';
import { SessionsPanel } from './SessionsPanel';

const TABS: readonly [SideTab, string][] = [
  ['alerts', 'Alerts'],
  ['devices', 'Devices'],
  ['connections', 'Connections'],
  ['sessions', 'Sessions'],
];

export function SidePanel({ api }: { api: TwinscopeApi }) {
  const tab = useUi((s) => s.tab);
  const alerts = useTwin((s) => s.alerts.filter((a) => a.status === 'raised').length);
  return (
    <aside className="side">
      <div role="tablist" aria-label="panels">
        {TABS.map(([id, label]) => (
          <button
            key={id}
            role="tab"
            type="button"
            aria-selected={tab === id}
            data-testid={`tab-${id}`}
            onClick={() => useUi.setState({ tab: id })}
          >
            {label}
            {id === 'alerts' && alerts > 0 ? ` (${alerts})` : ''}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        {tab === 'alerts' && <AlertsPanel api={api} />}
        {tab === 'devices' && <DevicesPanel api={api} />}
        {tab === 'connections' && <ConnectionsPanel api={api} />}
        {tab === 'sessions' && <SessionsPanel api={api} />}
      </div>
    </aside>
  );
}
