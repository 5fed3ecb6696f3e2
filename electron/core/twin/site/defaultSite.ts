/**
 * The site the twin (and a simulation) runs on: a site file given by the user (validated by the twin's loader, every problem at
 * once), or the built-in default, assets/sites/door-two-rooms.json, bundled so it works wherever Twinscope runs.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SiteSpec } from '../../../common/site';
import { loadSite, parseSite } from './loadSite';
import defaultSiteJson from '../../../../assets/sites/door-two-rooms.json';

/** The default site: two rooms and a door (devices `room-a`, `room-b`, `door`). */
export function defaultSite(): SiteSpec {
  const r = parseSite(structuredClone(defaultSiteJson));
  if (!r.ok) throw new Error(`the built-in site is invalid: ${r.errors.join('; ')}`);
  return r.site;
}

/** A site file, or the default without one; throws with every problem of the file in the message. */
export async function readSite(file?: string): Promise<SiteSpec> {
  if (file === undefined) return defaultSite();
  const r = await loadSite(file);
  if (!r.ok) throw new Error(`site ${file}:\n  ${r.errors.join('\n  ')}`);
  return r.site;
}

/** Where placing a device writes the built-in site's copy, in the data folder; used from then on. */
export const SITE_COPY_NAME = 'site.json';

/** The site a run uses, and where placing a device writes it: the file it came from, or a copy to create. */
export interface SiteInForce {
  site: SiteSpec;
  /** The site file the user gave (or the copy written before): placements edit it. */
  file?: string;
  /** The built-in site is in force: a placement writes it here first. */
  copyTo?: string;
}

/**
 * `--site FILE` when given; else the copy a placement wrote into the data folder before; else the built-in site,
 * to be copied there by the first placement.
 */
export async function siteInForce(file: string | undefined, dataDir: string): Promise<SiteInForce> {
  const copy = join(dataDir, SITE_COPY_NAME);
  const chosen = file ?? (existsSync(copy) ? copy : undefined);
  if (chosen === undefined) return { site: defaultSite(), copyTo: copy };
  return { site: await readSite(chosen), file: chosen };
}
