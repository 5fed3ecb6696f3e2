import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatPath, loadSite, parseSite, parseSiteJson } from '../../../../../electron/core/twin/site/loadSite';

const sitesDir = new URL('../../../../../assets/sites/', import.meta.url);
const base = (): unknown => JSON.parse(readFileSync(new URL('door-two-rooms.json', sitesDir), 'utf8'));

/** Sets (or, with `undefined`, deletes) the value at a dotted path such as `rooms.1.height`. */
function setPath(root: unknown, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = root as Record<string, unknown>;
  for (const p of parts.slice(0, -1)) node = node[p] as Record<string, unknown>;
  const last = parts[parts.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = value;
}

type Edit = [string, unknown];

/** Errors of the default site after the given edits. */
function errorsAfter(...edits: Edit[]): string[] {
  const site = base();
  for (const [path, value] of edits) setPath(site, path, value);
  const r = parseSite(site);
  return r.ok ? [] : r.errors;
}

describe('site files', () => {
  it('accepts every bundled site', async () => {
    const files = readdirSync(sitesDir).filter((f) => f.endsWith('.json'));
    expect(files).toContain('door-two-rooms.json');
    for (const f of files) {
      const r = await loadSite(new URL(f, sitesDir).pathname);
      expect(r, f).toMatchObject({ ok: true });
    }
  });

  it('reports an unreadable file and invalid JSON', async () => {
    const missing = await loadSite('/nonexistent/site.json');
    expect(missing).toEqual({ ok: false, errors: ['(file): cannot read /nonexistent/site.json (ENOENT)'] });
    const r = parseSiteJson('{"schema": ');
    expect(r.ok === false && r.errors[0]).toMatch(/^\(root\): not valid JSON/);
  });
});

describe('schema errors name the field and why', () => {
  const cases: [string, Edit, string][] = [
    ['a zero height', ['rooms.1.height', 0], 'rooms[1].height: must be > 0'],
    ['a missing field', ['doors.0.swing', undefined], 'doors[0].swing: is required'],
    ['a misspelt field', ['rooms.0.heigth', 3], 'rooms[0].heigth: is not a known field'],
    ['a wrong type', ['doors.0.width', '0.9'], 'doors[0].width: must be number'],
    ['a bad enum', ['doors.0.hingeAxis.axis', 'w'], 'doors[0].hingeAxis.axis: must be one of "x", "y", "z"'],
    ['a wrong schema tag', ['schema', 'site/2'], 'schema: must be "twinscope-site/1"'],
    [
      'a short floor',
      [
        'rooms.0.floor',
        [
          [0, 0],
          [1, 1],
        ],
      ],
      'rooms[0].floor: must NOT have fewer than 3 items',
    ],
    ['a bad point', ['rooms.0.floor.2', [4]], 'rooms[0].floor[2]: must NOT have fewer than 2 items'],
    ['an unknown channel', ['sensors.0.channels.7', 'pm25'], 'sensors[0].channels[7]: must be one of "co2"'],
    ['a bad device id', ['sensors.1.dev', 'room b'], 'sensors[1].dev: must match pattern'],
    ['a door angle over 180', ['doors.0.openAngle', 200], 'doors[0].openAngle: must be <= 180'],
    ['no rooms', ['rooms', []], 'rooms: must NOT have fewer than 1 items'],
    [
      'a category that does not exist',
      ['rules', { co2: { thresholdCategory: 'IV' } }],
      'rules.co2.thresholdCategory: must be one of "I", "II", "III", null',
    ],
  ];
  it.each(cases)('%s', (_what, edit, expected) => {
    const errors = errorsAfter(edit);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.startsWith(expected), errors[0]).toBe(true);
  });

  it('checks the rules section', () => {
    const rules = {
      reorderWindowMs: -1,
      co2: { thresholdPpm: -5, fitForgetting: 0 },
      alerts: { 'door-slam': {}, 'co2-high': { severity: 'loud' } },
      health: { stuck: { co2: { ms: 1000 } } },
      bogus: 1,
    };
    expect(errorsAfter(['rules', rules])).toEqual([
      'rules.bogus: is not a known field',
      'rules.reorderWindowMs: must be >= 0',
      'rules.co2.thresholdPpm: must be > 0',
      'rules.co2.fitForgetting: must be > 0',
      'rules.health.stuck.co2.epsilon: is required',
      'rules.health.stuck.co2.minSamples: is required',
      'rules.alerts.door-slam: is not a known name',
      'rules.alerts.co2-high.severity: must be one of "info", "warning", "critical"',
    ]);
  });

  it('names schema problems and reference problems in one pass, ten mistakes as ten lines', () => {
    const errors = errorsAfter(
      ['rooms.1.height', -1],
      ['doors.0.width', 0],
      ['name', undefined],
      ['rooms.0.heigth', 3],
      ['doors.0.swing', 2],
      ['doors.0.rooms.1', 'attic'],
      ['sensors.0.attachedTo', 'nowhere'],
      ['sensors.1.dev', 'room b'],
      ['sensors.2.position', [0, 0]],
      ['rules', { co2: { hysteresisPpm: 5000 } }],
    );
    expect(errors).toHaveLength(10);
    expect(errors).toEqual(
      expect.arrayContaining([
        'doors[0].rooms[1]: unknown room "attic"',
        'sensors[0].attachedTo: unknown room or door "nowhere"',
        expect.stringMatching(/^rules\.co2\.hysteresisPpm: 5000 ppm would keep a CO2 alert raised for good/),
      ]),
    );
  });

  it('refuses a device listed twice and a hysteresis the alert could never clear by', () => {
    const site = base() as { sensors: { dev: string }[] };
    site.sensors[1]!.dev = site.sensors[0]!.dev;
    const r = parseSite(site);
    expect(r.ok === false && r.errors).toEqual([
      `sensors[1].dev: "${site.sensors[0]!.dev}" is already sensors[0]: one entry per device`,
    ]);
    expect(errorsAfter(['rules', { co2: { hysteresisPpm: 5000 } }])).toEqual([
      'rules.co2.hysteresisPpm: 5000 ppm would keep a CO2 alert raised for good: it clears below the threshold ' +
        '1000 ppm minus the hysteresis, which must stay above the outdoor 420 ppm (use less than 580)',
    ]);
    expect(errorsAfter(['rules', { co2: { hysteresisPpm: 100, thresholdCategory: 'I' } }])).toEqual([]);
  });

  it('accepts a UTF-8 byte order mark', () => {
    const text = `\uFEFF${readFileSync(new URL('door-two-rooms.json', sitesDir), 'utf8')}`;
    expect(parseSiteJson(text)).toMatchObject({ ok: true });
  });

  it('reports every problem at once', () => {
    expect(errorsAfter(['rooms.1.height', -1], ['doors.0.width', 0], ['name', undefined])).toEqual([
      'name: is required',
      'rooms[1].height: must be > 0',
      'doors[0].width: must be > 0',
    ]);
  });
});

describe('cross-reference checks', () => {
  const cases: [string, Edit, string][] = [
    ['an unknown room on a door', ['doors.0.rooms', ['a', 'c']], 'doors[0].rooms[1]: unknown room "c"'],
    ['a door joining a room to itself', ['doors.0.rooms', ['a', 'a']], 'doors[0].rooms: must join two different rooms'],
    ['a dangling sensor', ['sensors.0.attachedTo', 'hall'], 'sensors[0].attachedTo: unknown room or door "hall"'],
    [
      'a CO2 channel on a door',
      ['sensors.2.channels', ['co2']],
      'sensors[2].channels[0]: "co2" does not apply to a door',
    ],
    [
      'a hall channel in a room',
      ['sensors.0.channels', ['door']],
      'sensors[0].channels[0]: "door" does not apply to a room',
    ],
    ['a door named like a room', ['doors.0.id', 'b'], 'doors[0].id: duplicate id "b"'],
    ['a room called outside', ['rooms.1.id', 'outside'], 'rooms[1].id: "outside" is reserved for exterior doors'],
    [
      'a flat floor',
      [
        'rooms.0.floor',
        [
          [0, 0],
          [1, 1],
          [2, 2],
        ],
      ],
      'rooms[0].floor: must enclose an area',
    ],
    [
      'unordered categories',
      ['rules', { co2: { categories: { II: 400 } } }],
      'rules.co2.categories: must increase: I < II < III',
    ],
    [
      'an inverted range',
      ['rules', { health: { ranges: { temp: [50, 10] } } }],
      'rules.health.ranges.temp: low must be below high',
    ],
    [
      'rules for an unknown room',
      ['rules', { rooms: { z: { thresholdPpm: 900 } } }],
      'rules.rooms.z: unknown room "z"',
    ],
  ];
  it.each(cases)('%s', (_what, edit, expected) => {
    // The cause comes first; what it breaks elsewhere (a renamed room orphans its door) follows.
    expect(errorsAfter(edit)[0]).toBe(expected);
  });

  it('lists the consequences of a renamed room', () => {
    expect(errorsAfter(['rooms.1.id', 'a'])).toEqual([
      'rooms[1].id: duplicate id "a"',
      'doors[0].rooms[1]: unknown room "b"',
      'sensors[1].attachedTo: unknown room or door "b"',
    ]);
  });

  it('allows an exterior door', () => {
    expect(errorsAfter(['doors.0.rooms', ['a', 'outside']])).toEqual([]);
  });
});

describe('formatPath', () => {
  it('turns JSON pointers into field paths', () => {
    expect(formatPath('')).toBe('(root)');
    expect(formatPath('/rooms/1/height')).toBe('rooms[1].height');
    expect(formatPath('/rooms/0/floor/2/1')).toBe('rooms[0].floor[2][1]');
    expect(formatPath('/rules/alerts/co2~1high')).toBe('rules.alerts.co2/high');
  });
});
