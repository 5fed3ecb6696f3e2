/** The twin engine's public surface: the reducer, the view, alert diffs, the CO2 what-if, rules and site loading. */
export { applyInputs, createTwin, drain, restore, snapshot, type ApplyResult } from './engine';
export { twinView } from './view';
export { diffAlerts, type AlertDiffChange, type AlertDiffEntry, type DiffOptions } from './alertDiff';
export { predict, timeToThreshold, type PredictPoint, type RoomModel, type Scenario } from './co2Model';
export { roomModelOf } from './rooms';
export { compareInputs, inputTime } from './order';
export { DEFAULT_RULES, resolveRules, roomThresholdPpm } from './rules';
export { loadSite, parseSite, parseSiteJson, type SiteResult } from './site/loadSite';
