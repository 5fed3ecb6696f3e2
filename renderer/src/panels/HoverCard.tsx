/** Details of the sensor under the pointer (or the selected one), over the scene's corner. */
import { useTwin } from '../state/twinStore';
import { useUi } from '../state/uiStore';

export function HoverCard() {
  const hovered = useUi((s) => s.hovered);
  const selected = useUi((s) => s.selected);
  const dev = hovered ?? selected;
  const view = useTwin((s) => s.panelView);
  const site = useTwin((s) => s.site);
  if (!dev) return null;
  const spec = site?.sensors.find((s) => s.dev === dev);
  const d = view?.devices[dev];
  const sensors = Object.values(view?.sensors ?? {}).filter((s) => s.dev === dev);
  return (
    <div className="hover-card" data-testid="hover-card" aria-live="polite">
      <strong>{dev}</strong> {spec ? `in ${spec.attachedTo}` : ''} —{' '}
      {d ? (d.status === 'offline' ? 'offline' : d.stale ? 'stale' : 'live') : 'not heard yet'}
      <ul>
        {sensors.map((s) => (
          <li key={s.channel}>
            {s.channel}: {s.value.map((v) => +v.toFixed(2)).join(', ')}
            {s.stuck ? ' (stuck)' : ''}
            {s.outOfRange ? ' (out of range)' : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}
