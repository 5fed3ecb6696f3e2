/**
 * Picking a position on the floor for the device being placed: the place form arms it, a click on a room's floor in
 * the scene answers with the point and the room, and the form takes them as its x/y.
 */
import { create } from 'zustand';

export interface FloorPoint {
  room: string;
  x: number;
  y: number;
  /** Bumps on every pick, so picking the same point twice is still news. */
  n: number;
}

export interface FloorPickStore {
  /** The device a click on the floor places, or null when a click means nothing special. */
  armed: string | null;
  picked: FloorPoint | null;
}

export const useFloorPick = create<FloorPickStore>(() => ({ armed: null, picked: null }));

/** A click on room `room`'s floor at site point (x, y): taken when a pick is armed. Returns whether it was. */
export function pickFloor(room: string, x: number, y: number): boolean {
  const s = useFloorPick.getState();
  if (s.armed === null) return false;
  useFloorPick.setState({ armed: null, picked: { room, x, y, n: (s.picked?.n ?? 0) + 1 } });
  return true;
}
