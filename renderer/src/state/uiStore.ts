/** What the user chose: the heatmap's metric, the selected device, the camera's wish, open panels. */
import { create } from 'zustand';
import type { MetricId } from '../../../electron/common/metrics';

export type CameraPreset = 'top' | 'perspective' | 'fit';
export type SideTab = 'connections' | 'devices' | 'alerts' | 'sessions';

export interface CameraRequest {
  /** A preset, or a point on the floor to fly to (an alert's door or room). */
  preset: CameraPreset;
  focus?: readonly [number, number];
  /** Bumps on every request, so asking twice for the same view moves the camera again. */
  n: number;
}

export interface UiStore {
  metric: MetricId;
  heatmap: boolean;
  selected: string | null;
  hovered: string | null;
  camera: CameraRequest;
  tab: SideTab;
  help: boolean;
  rejectsOpen: boolean;
}

export const useUi = create<UiStore>(() => ({
  metric: 'co2',
  heatmap: true,
  selected: null,
  hovered: null,
  camera: { preset: 'fit', n: 0 },
  tab: 'alerts',
  help: false,
  rejectsOpen: false,
}));

export function requestCamera(preset: CameraPreset, focus?: readonly [number, number]): void {
  useUi.setState((s) => ({ camera: { preset, ...(focus ? { focus } : {}), n: s.camera.n + 1 } }));
}
