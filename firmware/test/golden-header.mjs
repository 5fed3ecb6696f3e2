// Turns test/fixtures/protocol/golden.json into a C++ header for the firmware tests, plus a table of number
// formatting cases whose expected text comes from the TypeScript encoder itself (electron/core/protocol/encode.ts).
import { loadReference } from './reference.mjs';

const KINDS = { hello: 'Hello', tele: 'Tele', evt: 'Evt', ack: 'Ack', log: 'Log' };
const LEVELS = { debug: 'Debug', info: 'Info', warn: 'Warn', error: 'Error' };
const SETTERS = ['co2', 'temp', 'rh', 'lux', 'motion', 'door', 'gyro', 'accel', 'angle', 'rssi', 'bat'];

/** A C string literal holding the UTF-8 bytes of s (octal escapes never swallow the next character). */
export function cString(s) {
  let out = '"';
  for (const b of Buffer.from(s, 'utf8')) {
    if (b === 0x22) out += '\\"';
    else if (b === 0x5c) out += '\\\\';
    else if (b >= 0x20 && b < 0x7f && b !== 0x3f)
      out += String.fromCharCode(b); // '?' would risk trigraphs
    else out += `\\${b.toString(8).padStart(3, '0')}`;
  }
  return `${out}"`;
}

/** A C++ double literal that parses to exactly the same double. */
function cDouble(v) {
  if (Object.is(v, -0)) return '-0.0';
  const s = String(v);
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

function readingsCode(data) {
  const lines = [];
  for (const key of SETTERS) {
    const v = data[key];
    if (v === undefined) continue;
    if (key === 'door') lines.push(`d.set_door_closed(${v === 'closed'});`);
    else if (key === 'motion') lines.push(`d.set_motion(${v});`);
    else if (Array.isArray(v)) lines.push(`d.set_${key}(${v.map(cDouble).join(', ')});`);
    else lines.push(`d.set_${key}(${cDouble(v)});`);
  }
  return lines;
}

function encodeFunction(index, m) {
  const body = [
    'twinscope::Envelope env;',
    `env.dev = ${cString(m.dev)};`,
    `env.boot = ${m.boot}u;`,
    `env.seq = ${m.seq}u;`,
    `env.up = ${m.up}ull;`,
  ];
  if (m.ts !== null) body.push('env.has_ts = true;', `env.ts = ${m.ts}ll;`);
  if (m.sup !== undefined) body.push('env.has_sup = true;', `env.sup = ${m.sup}ull;`);
  switch (m.t) {
    case 'tele':
    case 'evt':
      body.push('twinscope::Readings d;', ...readingsCode(m.data ?? {}));
      body.push(
        m.t === 'tele'
          ? 'return twinscope::encode_tele(env, d, out);'
          : `return twinscope::encode_evt(env, ${cString(m.evt)}, d, out);`,
      );
      break;
    case 'hello':
      body.push(
        `static const char *const sensors[] = {${m.sensors.map(cString).join(', ') || 'nullptr'}};`,
        'twinscope::Hello h;',
        `h.fw = ${cString(m.fw)};`,
        `h.hw = ${cString(m.hw)};`,
        'h.sensors = sensors;',
        `h.sensor_count = ${m.sensors.length};`,
        `h.interval_ms = ${m.interval_ms}u;`,
        'return twinscope::encode_hello(env, h, out);',
      );
      break;
    case 'ack':
      body.push(
        `return twinscope::encode_ack(env, ${cString(m.id)}, ${m.ok}, ${m.err === undefined ? 'nullptr' : cString(m.err)}, out);`,
      );
      break;
    case 'log':
      body.push(
        `return twinscope::encode_log(env, twinscope::LogLevel::${LEVELS[m.level ?? 'info']}, ${cString(m.msg)}, out);`,
      );
      break;
    default:
      throw new Error(`golden vector ${index}: unknown type ${m.t}`);
  }
  return [`inline bool encode_${index}(twinscope::Line &out) {`, ...body.map((l) => `  ${l}`), '}'].join('\n');
}

/** Deterministic PRNG (mulberry32) so the number table is the same on every run. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Values that exercise rounding: random, exact binary ties, decimal near-ties, tiny, signed zero, limits. */
function numberInputs() {
  const rnd = prng(20251121);
  const values = [0, -0, 1e-9, -1e-9, 0.5, -0.5, 1.5, 2.5, -2.5, 0.125, -0.125, 0.375, 1.005, 2.675, 1.0005];
  values.push(22.4, 22.45, 22.455, 21.05, 41.3, 309, 120.5, 3.92, -0.0004999, -0.0005, -0.005, 0.05, 0.95);
  values.push(40000, 200000, 199999.95, -4000, 4000, -32, 32, -40, 125, -127, 6, 179.95, -179.95, 123456789.123);
  for (let i = 0; i < 150; i++) values.push((rnd() - 0.5) * 10000 * 10 ** -Math.floor(rnd() * 4));
  for (let i = 0; i < 60; i++) {
    const d = Math.floor(rnd() * 4);
    const k = Math.floor((rnd() - 0.5) * 200000);
    values.push((k + 0.5) / 10 ** d); // decimal ties: exact in binary only sometimes, which is the point
    values.push((k + 0.5) / 2 ** (d + 1)); // exact binary fractions
  }
  return values;
}

async function referenceFormatter(repoRoot) {
  const reference = await loadReference(repoRoot);
  if (reference) return { formatNumber: reference.formatNumber, origin: 'electron/core/protocol/encode.ts' };
  // Without node_modules (no esbuild): the same expression encode.ts uses, kept here as a fallback.
  const formatNumber = (value, decimals) => {
    const s = String(Number(value.toFixed(decimals)));
    return s === '-0' ? '0' : s;
  };
  return { formatNumber, origin: 'a copy of formatNumber (esbuild unavailable)' };
}

/** The header text and how many cases it holds. */
export async function goldenHeader(golden, repoRoot) {
  const vectors = golden.vectors;
  const { formatNumber, origin } = await referenceFormatter(repoRoot);
  const numbers = [];
  for (const v of numberInputs()) {
    for (let d = 0; d <= 3; d++) numbers.push(`  {${cDouble(v)}, ${d}, ${cString(formatNumber(v, d))}},`);
  }
  const text = [
    '// Generated by scripts/test-firmware.mjs from test/fixtures/protocol/golden.json; do not edit.',
    `// Number cases: expected text from ${origin}.`,
    '#pragma once',
    '#include "Encoder.h"',
    '',
    'namespace golden {',
    '',
    ...vectors.map((v, i) => encodeFunction(i, v.message)),
    '',
    'struct Vector {',
    '  const char *name;',
    '  const char *line;',
    '  twinscope::MessageKind kind;',
    '  bool (*encode)(twinscope::Line &out);',
    '};',
    '',
    'static const Vector VECTORS[] = {',
    ...vectors.map(
      (v, i) =>
        `  {${cString(v.name)}, ${cString(v.line)}, twinscope::MessageKind::${KINDS[v.message.t]}, encode_${i}},`,
    ),
    '};',
    `static const unsigned VECTOR_COUNT = ${vectors.length};`,
    '',
    'struct NumberCase {',
    '  double value;',
    '  unsigned decimals;',
    '  const char *text;',
    '};',
    '',
    'static const NumberCase NUMBERS[] = {',
    ...numbers,
    '};',
    `static const unsigned NUMBER_COUNT = ${numbers.length};`,
    '',
    '}  // namespace golden',
    '',
  ].join('\n');
  return { text, vectors: vectors.length, numbers: numbers.length, origin };
}
