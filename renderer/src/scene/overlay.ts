/**
 * HTML labels pinned to points of the scene (room names, sensor value badges). React renders the elements once; the
 * projector moves them and rewrites their text in useFrame, so live values never re-render React.
 */
import type { Camera } from 'three';
import { Vector3 } from 'three';

export interface Anchor {
  position: readonly [number, number, number];
  /** Current text; called every frame, written only when it changed. */
  text?: () => string;
  /** Current state for styling (`data-state`), e.g. `stale` or `offline`. */
  state?: () => string;
}

const anchors = new Map<string, { anchor: Anchor; el: HTMLElement }>();
const v = new Vector3();

/** Registers an element (from a ref callback); returns the unregister function. */
export function pin(id: string, anchor: Anchor, el: HTMLElement | null): void {
  if (el) anchors.set(id, { anchor, el });
  else anchors.delete(id);
}

/** Moves every pinned element to its point as `camera` sees it, in a viewport of `width` × `height` pixels. */
export function projectAnchors(camera: Camera, width: number, height: number): void {
  for (const { anchor, el } of anchors.values()) {
    v.set(anchor.position[0], anchor.position[1], anchor.position[2]).project(camera);
    const behind = v.z > 1;
    const x = ((v.x + 1) / 2) * width;
    const y = ((1 - v.y) / 2) * height;
    el.style.transform = `translate(-50%, -100%) translate(${x.toFixed(1)}px, ${y.toFixed(1)}px)`;
    el.style.visibility = behind ? 'hidden' : 'visible';
    const text = anchor.text?.();
    if (text !== undefined && el.firstChild?.textContent !== text) {
      if (el.firstChild) el.firstChild.textContent = text;
      else el.textContent = text;
    }
    const state = anchor.state?.();
    if (state !== undefined && el.dataset.state !== state) el.dataset.state = state;
  }
}
