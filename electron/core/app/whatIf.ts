/** Answers the API's what-if: the room's fitted CO2 model, changed as asked, run forward. */
import type { Result, WhatIfPoint, WhatIfRequest } from '../../common/api';
import type { TwinState } from '../../common/twin';
import { predict, roomModelOf } from '../twin';

const MAX_HORIZON_MS = 24 * 3600_000;
const MAX_POINTS = 2000;

export function whatIf(state: TwinState, req: WhatIfRequest): Result<WhatIfPoint[]> {
  if (!(req.horizonMs > 0 && req.horizonMs <= MAX_HORIZON_MS)) {
    return { ok: false, error: 'the horizon must be more than 0 and at most 24 hours' };
  }
  const stepMs = req.stepMs ?? 60_000;
  if (!(stepMs > 0) || req.horizonMs / stepMs > MAX_POINTS) {
    return { ok: false, error: `the step must be positive and give at most ${MAX_POINTS} points` };
  }
  if (
    req.addOccupants !== undefined &&
    !(Number.isInteger(req.addOccupants) && req.addOccupants >= -100 && req.addOccupants <= 1000)
  ) {
    return { ok: false, error: 'addOccupants must be a whole number of people' };
  }
  const model = roomModelOf(state, req.room);
  if (!model) return { ok: false, error: `no room "${req.room}" in this site` };
  const scenario = {
    ...(req.doorOpen !== undefined ? { doorOpen: req.doorOpen } : {}),
    ...(req.addOccupants !== undefined ? { addOccupants: req.addOccupants } : {}),
  };
  return { ok: true, value: predict(model, scenario, req.horizonMs, stepMs) };
}
