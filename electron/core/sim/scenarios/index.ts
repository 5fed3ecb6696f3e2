/** Every scenario by name, in the order help lists them. */
import { load, meeting, normalDay } from './everyday';
import { doorSlams, networkOutage, sensorFaults, ventilationFailure } from './failures';
import { SCENARIO_NAMES, type Scenario, type ScenarioName } from './types';

export { SCENARIO_NAMES, type Scenario, type ScenarioName } from './types';

/** Every scenario, in help order. */
export const SCENARIOS: readonly Scenario[] = [
  normalDay,
  meeting,
  ventilationFailure,
  doorSlams,
  sensorFaults,
  networkOutage,
  load,
];

/** Whether a name is a known scenario. */
export function isScenarioName(name: string): name is ScenarioName {
  return (SCENARIO_NAMES as readonly string[]).includes(name);
}

/** The scenario of a (valid) name. */
export function scenarioByName(name: ScenarioName): Scenario {
  const s = SCENARIOS.find((x) => x.name === name);
  if (!s) throw new Error(`unknown scenario ${name}`);
  return s;
}

/** The scenario list as help text: `  name  summary` per line. */
export function describeScenarios(): string {
  const width = Math.max(...SCENARIOS.map((s) => s.name.length));
  return SCENARIOS.map((s) => `  ${s.name.padEnd(width)}  ${s.summary}`).join('\n');
}
