import { describe, expect, it } from 'vitest';
import { listPorts, recogniseEsp32 } from '../../../../electron/core/sources/serialPorts';

describe('recogniseEsp32', () => {
  it('knows ESP32 native USB and the usual bridges, whatever the case of the ids', () => {
    expect(recogniseEsp32('303A', '1001')).toMatch(/Espressif native USB/);
    expect(recogniseEsp32('10c4', 'EA60')).toMatch(/CP210x/);
    expect(recogniseEsp32('1a86', '7523')).toMatch(/CH340/);
    expect(recogniseEsp32('1A86', '55D4')).toMatch(/CH9102/);
    expect(recogniseEsp32('0403', '6001')).toMatch(/FT232R/);
    expect(recogniseEsp32('0403', '6015')).toMatch(/FT231X/);
  });
  it('does not mark other devices', () => {
    expect(recogniseEsp32('2341', '0043')).toBeUndefined(); // an Arduino Uno
    expect(recogniseEsp32(undefined, '1001')).toBeUndefined();
  });
});

describe('listPorts', () => {
  it('answers with ports or with an error and a tip, never a throw', async () => {
    const r = await listPorts();
    if (r.ok) expect(Array.isArray(r.ports)).toBe(true);
    else expect(r.tip).toContain('udev');
  });
});
