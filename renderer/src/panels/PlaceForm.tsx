/**
 * Where to place one device: a room (x/y on the floor plan: the room's centre to start with, typed, or picked with a
 * click on the floor in the scene), a door (offered to devices with a contact, angle, gyro or accelerometer), or an
 * existing sensor of the site (third-party ids only: their readings then arrive as that sensor's). The core checks
 * everything again and says why not.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { PlaceRequest, PlaceTarget, UnplacedDevice } from '../../../electron/common/api';
import type { Channel } from '../../../electron/common/sample';
import type { Point2, RoomSpec } from '../../../electron/common/site';
import { useFloorPick } from '../state/floorPick';
import { useTwin } from '../state/twinStore';

const DOOR_CHANNELS: readonly Channel[] = ['door', 'angle', 'gyro', 'accel'];
const THIRD_PARTY = /^(gw|ha|z2m|tasmota|map):/;

/** The floor's area centroid (inside any convex room, and most others), rounded to centimetres. */
function centre(room: RoomSpec): Point2 {
  let a = 0;
  let cx = 0;
  let cy = 0;
  room.floor.forEach(([x1, y1], i) => {
    const [x2, y2] = room.floor[(i + 1) % room.floor.length]!;
    const cross = x1 * y2 - x2 * y1;
    a += cross;
    cx += (x1 + x2) * cross;
    cy += (y1 + y2) * cross;
  });
  const r = (v: number): number => Math.round(v * 100) / 100;
  return a === 0 ? room.floor[0]! : [r(cx / (3 * a)), r(cy / (3 * a))];
}

interface Props {
  device: UnplacedDevice;
  onPlace: (req: PlaceRequest, where: string) => void;
  onCancel: () => void;
}

export function PlaceForm({ device, onPlace, onCancel }: Props) {
  const site = useTwin((s) => s.site);
  const rooms = site?.rooms ?? [];
  const doors = device.channels.some((c) => DOOR_CHANNELS.includes(c)) ? (site?.doors ?? []) : [];
  const sensors = THIRD_PARTY.test(device.dev) ? (site?.sensors ?? []) : [];
  const first = doors[0] && !device.channels.some((c) => c === 'temp' || c === 'co2') ? `door:${doors[0].id}` : '';
  const [target, setTarget] = useState(first || (rooms[0] ? `room:${rooms[0].id}` : ''));
  const room = target.startsWith('room:') ? rooms.find((r) => `room:${r.id}` === target) : undefined;
  const [at, setAt] = useState<Record<string, string>>({});
  const [cx, cy] = room ? centre(room) : [0, 0];
  const x = at[`${target}:x`] ?? String(cx);
  const y = at[`${target}:y`] ?? String(cy);
  const id = `place-${device.dev.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const armed = useFloorPick((s) => s.armed === device.dev);
  const picked = useFloorPick((s) => s.picked);
  const seenPick = useRef(picked?.n ?? 0);

  // A click on the floor (armed by the button below) chooses the room and the position.
  useEffect(() => {
    if (!picked || picked.n === seenPick.current) return;
    seenPick.current = picked.n;
    const where = `room:${picked.room}`;
    const r = (v: number): string => String(Math.round(v * 100) / 100);
    setTarget(where);
    setAt((prev) => ({ ...prev, [`${where}:x`]: r(picked.x), [`${where}:y`]: r(picked.y) }));
  }, [picked]);
  // Closing the form disarms the pick.
  useEffect(() => () => useFloorPick.setState({ armed: null }), []);

  function submit(e: FormEvent): void {
    e.preventDefault();
    const [kind, ...rest] = target.split(':');
    const ref = rest.join(':');
    let to: PlaceTarget;
    let where: string;
    if (kind === 'room') {
      to = { kind: 'room', room: ref, x: Number(x), y: Number(y) };
      where = `in ${room?.name ?? ref} at (${x}, ${y})`;
    } else if (kind === 'door') {
      to = { kind: 'door', door: ref };
      where = `on ${site?.doors.find((d) => d.id === ref)?.name ?? ref}`;
    } else {
      to = { kind: 'sensor', sensor: ref };
      where = `as the sensor ${ref}`;
    }
    onPlace({ dev: device.dev, channels: device.channels, to }, where);
  }

  return (
    <form className="place-form" onSubmit={submit} data-testid="place-form" aria-label={`place ${device.dev}`}>
      <fieldset>
        <legend>Place {device.dev}</legend>
        <label htmlFor={`${id}-where`}>Where</label>
        <select id={`${id}-where`} value={target} onChange={(e) => setTarget(e.target.value)} data-testid="place-where">
          <optgroup label="Rooms">
            {rooms.map((r) => (
              <option key={r.id} value={`room:${r.id}`}>
                {r.name}
              </option>
            ))}
          </optgroup>
          {doors.length > 0 && (
            <optgroup label="Doors">
              {doors.map((d) => (
                <option key={d.id} value={`door:${d.id}`}>
                  {d.name}
                </option>
              ))}
            </optgroup>
          )}
          {sensors.length > 0 && (
            <optgroup label="Same as a sensor of the site">
              {sensors.map((s) => (
                <option key={s.dev} value={`sensor:${s.dev}`}>
                  {s.dev} ({s.attachedTo})
                </option>
              ))}
            </optgroup>
          )}
        </select>
        {room && (
          <span className="place-at">
            <label htmlFor={`${id}-x`}>x (m)</label>
            <input
              id={`${id}-x`}
              type="number"
              step="0.1"
              required
              value={x}
              data-testid="place-x"
              onChange={(e) => setAt({ ...at, [`${target}:x`]: e.target.value })}
            />
            <label htmlFor={`${id}-y`}>y (m)</label>
            <input
              id={`${id}-y`}
              type="number"
              step="0.1"
              required
              value={y}
              data-testid="place-y"
              onChange={(e) => setAt({ ...at, [`${target}:y`]: e.target.value })}
            />
          </span>
        )}
        <button
          type="button"
          aria-pressed={armed}
          onClick={() => useFloorPick.setState({ armed: armed ? null : device.dev })}
        >
          {armed ? 'Click the floor…' : 'Pick on the floor'}
        </button>
        <button type="submit" data-testid="place-submit">
          Place
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </fieldset>
    </form>
  );
}
