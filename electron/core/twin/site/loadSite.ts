/**
 * Loads and validates a site file. Every problem comes back as `path: why` (e.g. `rooms[1].height: must be > 0`),
 * all of them at once, so a user can fix a file in one go. Never throws on bad input.
 */
import { readFile } from 'node:fs/promises';
import Ajv, { type ErrorObject } from 'ajv';
import type { SiteSpec } from '../../../common/site';
import { checkSite } from './siteChecks';
import { siteSchema } from './siteSchema';

export type SiteResult = { ok: true; site: SiteSpec } | { ok: false; errors: string[] };

const ajv = new Ajv({ allErrors: true, strict: true });
const validate = ajv.compile<SiteSpec>(siteSchema);

/** `/rooms/1/height` → `rooms[1].height`. */
export function formatPath(pointer: string): string {
  if (pointer === '') return '(root)';
  return pointer
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`))
    .join('');
}

function join(path: string, child: string): string {
  return path === '(root)' ? child : `${path}.${child}`;
}

/** One ajv error in the user's terms. */
function describe(e: ErrorObject): string {
  const path = formatPath(e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return `${join(path, String(p.missingProperty))}: is required`;
    case 'additionalProperties':
      return `${join(path, String(p.additionalProperty))}: is not a known field`;
    case 'propertyNames':
      return `${join(path, String(p.propertyName))}: is not a known name`;
    case 'enum':
      return `${path}: must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `${path}: must be ${JSON.stringify(p.allowedValue)}`;
    default:
      return `${path}: ${e.message ?? 'is invalid'}`;
  }
}

/** Validates a parsed JSON value as a site: schema and cross-checks in one pass, every problem named. */
export function parseSite(value: unknown): SiteResult {
  const valid = validate(value);
  // propertyNames reports the name, then an enum error on the same name: keep the clearer first one.
  const schemaErrors = valid
    ? []
    : (validate.errors ?? []).filter((e) => !(e.keyword === 'enum' && e.propertyName !== undefined)).map(describe);
  const issues = checkSite(value).map((i) => `${i.path}: ${i.message}`);
  const errors = [...new Set([...schemaErrors, ...issues])];
  if (errors.length > 0 || !valid) return { ok: false, errors };
  return { ok: true, site: value };
}

/** Parses and validates site JSON text (a UTF-8 byte order mark, as some editors write, is allowed). */
export function parseSiteJson(text: string): SiteResult {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { ok: false, errors: [`(root): not valid JSON (${(e as Error).message})`] };
  }
  return parseSite(value);
}

/** Reads and validates a site file. */
export async function loadSite(file: string): Promise<SiteResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    return { ok: false, errors: [`(file): cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`] };
  }
  return parseSiteJson(text);
}
