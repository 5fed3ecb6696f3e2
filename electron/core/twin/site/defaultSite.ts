/**
 * The site the twin (and a simulation) runs on: a site file given by the user (validated by the twin's loader, every problem at
 * once), or the built-in default, assets/sites/door-two-rooms.json, bundled so it works wherever Twinscope runs.
 */
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
