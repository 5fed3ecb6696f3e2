/** Keyboard shortcuts, listed where `?` opens them; and the handler that makes them work. */
import { useEffect } from 'react';
import { METRICS } from '../../../electron/common/metrics';
import { requestCamera, useUi } from '../state/uiStore';

export const SHORTCUTS: readonly [string, string][] = [
  ['1 / 2 / 3', 'camera: top, perspective, fit the site'],
  ['m', 'next heatmap metric'],
  ['h', 'heatmap on or off'],
  ['a / d / c / s', 'alerts, devices, connections, sessions panel'],
  ['Space', 'replay: play or pause'],
  ['← / →', 'replay: step 10 s back or on (Shift: a minute)'],
  ['[ / ]', 'replay: previous or next alert'],
  ['Esc', 'clear the selection, close this help'],
  ['?', 'this help'],
];

/** Whether a key goes to a text field or a list (then it is typing, not a shortcut). */
export function typing(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  return !!t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA');
}

export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (typing(e) || e.ctrlKey || e.metaKey || e.altKey) return;
      const ui = useUi.getState();
      switch (e.key) {
        case '1':
          return requestCamera('top');
        case '2':
          return requestCamera('perspective');
        case '3':
          return requestCamera('fit');
        case 'm': {
          const i = METRICS.findIndex((m) => m.id === ui.metric);
          return useUi.setState({ metric: METRICS[(i + 1) % METRICS.length]!.id });
        }
        case 'h':
          return useUi.setState({ heatmap: !ui.heatmap });
        case 'a':
          return useUi.setState({ tab: 'alerts' });
        case 'd':
          return useUi.setState({ tab: 'devices' });
        case 'c':
          return useUi.setState({ tab: 'connections' });
        case 's':
          return useUi.setState({ tab: 'sessions' });
        case '?':
          return useUi.setState({ help: true });
        case 'Escape':
          return useUi.setState({ help: false, selected: null });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

export function HelpOverlay() {
  const open = useUi((s) => s.help);
  if (!open) return null;
  return (
    <div className="help" role="dialog" aria-modal="true" aria-label="keyboard shortcuts">
      <h2>Keyboard shortcuts</h2>
      <dl>
        {SHORTCUTS.map(([k, what]) => (
          <div key={k}>
            <dt>
              <kbd>{k}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <button type="button" autoFocus onClick={() => useUi.setState({ help: false })}>
        Close
      </button>
    </div>
  );
}
