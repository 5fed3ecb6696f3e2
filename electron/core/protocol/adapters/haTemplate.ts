/**
 * The common forms of Home Assistant `value_template`: `{{ value }}`, `{{ value_json.x }}`, `{{ value_json.x.y }}`,
 * `{{ value_json['x'] }}`, `{{ value_json["x"] }}`, each with the filters `| float`, `| int`, `| round(n)` (and
 * `float(default)`/`int(default)`). Anything else is refused when the config arrives, so the entity is reported
 * as unsupported instead of producing wrong numbers.
 */
import { toNumber } from './values';

export interface HaTemplate {
  /** Path into `value_json`; empty for `value`. */
  path: readonly string[];
  json: boolean;
  filters: readonly Filter[];
}

type Filter = { op: 'float' | 'int'; fallback?: number } | { op: 'round'; digits: number };

const WHOLE = /^\{\{\s*(.*?)\s*\}\}$/s;
const KEY = /^(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[\s*'([^']*)'\s*\]|\[\s*"([^"]*)"\s*\])/;
const FILTER = /^(float|int|round)(?:\(\s*(-?\d+(?:\.\d+)?)?\s*\))?$/;

/** Parses a template; a string says why it is not supported. */
export function parseTemplate(template: string | undefined): HaTemplate | string {
  if (template === undefined) return { path: [], json: false, filters: [] };
  const whole = WHOLE.exec(template.trim());
  if (!whole) return `value_template ${short(template)} is not a single {{ ... }} expression`;
  const [head, ...pipes] = whole[1]!.split('|').map((s) => s.trim());
  const path: string[] = [];
  let json = false;
  if (head === 'value') {
    // plain value
  } else if (head!.startsWith('value_json')) {
    json = true;
    let rest = head!.slice('value_json'.length);
    while (rest.length > 0) {
      const m = KEY.exec(rest);
      if (!m) return `value_template ${short(template)}: only value_json.x or value_json['x'] paths are supported`;
      path.push(m[1] ?? m[2] ?? m[3]!);
      rest = rest.slice(m[0].length);
    }
  } else {
    return `value_template ${short(template)}: only value and value_json are supported`;
  }
  const filters: Filter[] = [];
  for (const p of pipes) {
    const m = FILTER.exec(p);
    if (!m) return `value_template ${short(template)}: filter "${p}" is not supported (float, int, round(n))`;
    const arg = m[2] === undefined ? undefined : Number(m[2]);
    if (m[1] === 'round') filters.push({ op: 'round', digits: arg ?? 0 });
    else
      filters.push(
        arg === undefined ? { op: m[1] as 'float' | 'int' } : { op: m[1] as 'float' | 'int', fallback: arg },
      );
  }
  return { path, json, filters };
}

/** Applies a template to a state payload; undefined when the payload has no such value. */
export function applyTemplate(t: HaTemplate, payload: string): unknown {
  let v: unknown = payload;
  if (t.json) {
    try {
      v = JSON.parse(payload);
    } catch {
      return undefined;
    }
    for (const key of t.path) {
      if (typeof v !== 'object' || v === null) return undefined;
      v = (v as Record<string, unknown>)[key];
    }
  }
  for (const f of t.filters) {
    if (f.op === 'round') {
      const n = toNumber(v);
      if (n === undefined) return undefined;
      const k = 10 ** f.digits;
      v = Math.round(n * k) / k;
    } else {
      const n = toNumber(v);
      v = n === undefined ? f.fallback : f.op === 'int' ? Math.trunc(n) : n;
    }
  }
  return v;
}

function short(s: string): string {
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s);
}
