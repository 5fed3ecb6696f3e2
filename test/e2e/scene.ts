/** Finding site points in a screenshot: the scene's projection, exposed for tests by renderer/src/scene/CameraRig. */
import type { Page } from 'playwright-core';
import type { PNG } from 'pngjs';
import type { Rgb } from './pixels';

interface SceneHandle {
  twinscopeScene: { project(x: number, y: number, z: number): [number, number] };
}

/** Where a site point is in the page, in CSS pixels (the canvas starts below the toolbar). */
export async function at(page: Page, x: number, y: number, z: number): Promise<[number, number]> {
  const box = (await page.getByTestId('scene').boundingBox())!;
  const [px, py] = await page.evaluate(
    ([a, b, c]) => (globalThis as unknown as SceneHandle).twinscopeScene.project(a!, b!, c!),
    [x, y, z],
  );
  return [box.x + px, box.y + py];
}

/** Lets the camera fly and the door ease in (both well under a second). */
export const settle = (page: Page): Promise<void> => page.waitForTimeout(1200);

/** How many pixels of a box around (cx, cy) satisfy `test`. */
export function countPixels(img: PNG, [cx, cy]: [number, number], r: number, test: (c: Rgb) => boolean): number {
  let n = 0;
  for (let y = Math.max(0, Math.round(cy - r)); y < Math.min(img.height, Math.round(cy + r)); y++) {
    for (let x = Math.max(0, Math.round(cx - r)); x < Math.min(img.width, Math.round(cx + r)); x++) {
      const i = (y * img.width + x) * 4;
      if (test([img.data[i]!, img.data[i + 1]!, img.data[i + 2]!])) n++;
    }
  }
  return n;
}
