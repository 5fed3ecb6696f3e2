/** Walls from any site: shared walls once, the door's opening cut out with a lintel above, bounds for the camera. */
import { describe, expect, it } from 'vitest';
import type { SiteSpec } from '../../../../electron/common/site';
import { defaultSite } from '../../../../electron/core/twin/site/defaultSite';
import { cameraPose } from '../../../../renderer/src/scene/cameraViews';
import { DOOR_HEIGHT, siteBounds, wallSegments } from '../../../../renderer/src/scene/siteGeometry';

describe('siteGeometry', () => {
  it('cuts the door out of the shared wall of the default site', () => {
    const walls = wallSegments(defaultSite());
    const shared = walls.filter((w) => w.a[0] === 4 && w.b[0] === 4);
    // Below the door, the door's lintel, above the door.
    expect(shared.map((w) => [w.a[1], w.b[1], w.z0])).toEqual([
      [0, 2, 0],
      [2, 2.9, DOOR_HEIGHT],
      [2.9, 5, 0],
    ]);
    // 4 outer walls of room A + 3 of room B (the shared one once), the shared one in 3 pieces.
    expect(walls).toHaveLength(3 + 3 + 3);
  });

  it('frames any site: an L-shaped three-room site is inside every preset view', () => {
    const site: SiteSpec = {
      ...defaultSite(),
      rooms: [
        {
          id: 'x',
          name: 'X',
          floor: [
            [10, 10],
            [30, 10],
            [30, 20],
            [10, 20],
          ],
          height: 3,
        },
        {
          id: 'y',
          name: 'Y',
          floor: [
            [10, 20],
            [20, 20],
            [20, 40],
            [10, 40],
          ],
          height: 3,
        },
      ],
      doors: [],
      sensors: [],
    };
    const b = siteBounds(site);
    expect(b).toMatchObject({ min: [10, 10], max: [30, 40], center: [20, 25], size: 30 });
    for (const preset of ['top', 'perspective', 'fit'] as const) {
      const pose = cameraPose(preset, b, 45, 1.6);
      expect(pose.target).toEqual([20, 25, 0]);
      const d = Math.hypot(...pose.position.map((p, i) => p - pose.target[i]!));
      // Far enough to see the 36 m diagonal at 45° fov, not absurdly far.
      expect(d).toBeGreaterThan(40);
      expect(d).toBeLessThan(120);
    }
  });
});
