/** The scene's HTML labels: room names and one value badge per sensor (a button: select it by keyboard too). */
import type { SiteSpec } from '../../../electron/common/site';
import { useTwin } from '../state/twinStore';
import { useUi } from '../state/uiStore';
import { pin } from './overlay';
import { badgeText, sensorLook } from './sensorState';
import { roomCenter } from './siteGeometry';

export function Labels({ site }: { site: SiteSpec }) {
  const selected = useUi((s) => s.selected);
  const hovered = useUi((s) => s.hovered);
  return (
    <div className="labels" aria-label="scene labels">
      {site.rooms.map((r) => {
        const [x, y] = roomCenter(r);
        return (
          <div key={r.id} className="room-label" ref={(el) => pin(`room:${r.id}`, { position: [x, y, 0.05] }, el)}>
            {r.name}
          </div>
        );
      })}
      {site.sensors.map((s) => (
        <button
          key={s.dev}
          type="button"
          data-testid={`badge-${s.dev}`}
          className={`badge${selected === s.dev ? ' selected' : ''}`}
          aria-label={`sensor ${s.dev}: select`}
          title={hovered === s.dev ? `${s.dev} (${s.channels.join(', ')})` : s.dev}
          onClick={() => useUi.setState({ selected: s.dev })}
          ref={(el) =>
            pin(
              `sensor:${s.dev}`,
              {
                position: [s.position[0], s.position[1], s.position[2] + 0.35],
                text: () => badgeText(useTwin.getState().frame?.view, s, useUi.getState().metric),
                state: () => sensorLook(useTwin.getState().frame?.view, s.dev),
              },
              el,
            )
          }
        >
          …
        </button>
      ))}
    </div>
  );
}
