import { beforeEach, describe, expect, it } from 'vitest';
import type { SiteSpec } from '../../../../electron/common/site';
import { TwinRunner } from '../../../../electron/core/runner/TwinRunner';
import { defaultSite, resetSeqs, s, T0 } from '../twin/helpers';

beforeEach(resetSeqs);

describe('TwinRunner.changeSite (a device placed while the twin runs)', () => {
  it('keeps the picture and feeds the placed device into its room from then on', () => {
    const site = defaultSite();
    const runner = new TwinRunner(site);
    runner.push([s('door', T0, { door: 'open', angle: 80 }), s('z2m:desk', T0 + 1000, { temp: 24 })]);
    expect(runner.view().rooms.b?.temp).toBeNull();
    expect(runner.view().devices['z2m:desk']?.inSite).toBe(false);

    const placed: SiteSpec = {
      ...site,
      sensors: [...site.sensors, { dev: 'z2m:desk', channels: ['temp'], attachedTo: 'b', position: [6, 2, 1.2] }],
    };
    runner.changeSite(placed);
    // Nothing was forgotten: the door is still open, the device still known, now as the site's.
    expect(runner.view().doors.door?.position).toBe('open');
    expect(runner.view().devices['z2m:desk']).toMatchObject({ inSite: true, received: 1 });

    runner.push([s('door', T0 + 2000, { door: 'open', angle: 80 }), s('z2m:desk', T0 + 2000, { temp: 25 })]);
    expect(runner.view().rooms.b?.temp).toMatchObject({ value: 25, dev: 'z2m:desk' });
  });

  it('forgets a device id newly bound to a sensor (its readings now arrive as the sensor)', () => {
    const site = defaultSite();
    const runner = new TwinRunner(site);
    runner.push([s('z2m:old', T0, { temp: 20 })]);
    expect(runner.view().devices['z2m:old']).toBeDefined();
    runner.changeSite({ ...site, bindings: { ...site.bindings, 'z2m:old': 'room-a' } });
    expect(runner.view().devices['z2m:old']).toBeUndefined();
  });
});
