/**
 * The site in force and the file it is kept in, for placing devices from the app: plans the placement, writes the
 * file (or, over the built-in site, a copy in the data folder, used from then on), and only then hands the new site
 * to the live twin. A refused write leaves the file and the twin as they were.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { PlaceRequest, PlaceResult } from '../../common/api';
import type { SiteSpec } from '../../common/site';
import type { SiteInForce } from '../twin/site/defaultSite';
import { planPlacement } from '../twin/site/placeDevice';
import { editSiteFile } from '../twin/site/siteFile';

export class SitePlacement {
  private file: string | undefined;
  private readonly copyTo: string | undefined;
  private current: SiteSpec;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    inForce: SiteInForce,
    private readonly apply: (site: SiteSpec) => void,
  ) {
    this.current = inForce.site;
    this.file = inForce.file;
    this.copyTo = inForce.copyTo;
  }

  get site(): SiteSpec {
    return this.current;
  }

  /** Placements one at a time: each reads the file the previous one wrote. */
  place(req: PlaceRequest): Promise<PlaceResult> {
    const next = this.queue.then(() => this.placeNow(req));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async placeNow(req: PlaceRequest): Promise<PlaceResult> {
    const plan = planPlacement(this.current, req);
    if (!plan.ok) return plan;
    const target = this.file ?? this.copyTo;
    if (target === undefined) {
      return {
        ok: false,
        code: 'write-failed',
        error: 'this site has no file to keep placements in',
        tip: 'start with --site FILE',
      };
    }
    const copying = this.file === undefined;
    // A data folder that cannot be made shows as the write's own error, just below.
    if (copying) await mkdir(dirname(target), { recursive: true }).catch(() => undefined);
    const written = await editSiteFile(
      target,
      plan.edit,
      copying ? { text: `${JSON.stringify(this.current, null, 2)}\n` } : undefined,
    );
    if (!written.ok) return written;
    this.file = target;
    this.current = written.site;
    this.apply(written.site);
    const sensor = plan.edit.kind === 'sensor' ? plan.edit.sensor.dev : plan.edit.to;
    return { ok: true, value: { dev: req.dev, sensor, file: target, copied: copying, site: written.site } };
  }
}
