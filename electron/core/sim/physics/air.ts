/**
 * The air of one room: CO2, temperature and water vapour, each a linear first-order balance solved exactly over a
 * step with the inputs held constant (people, ventilation, the air behind an open door). CO2 is the twin's own mass
 * balance `V·dC/dt = 1e6·G·n + Q·(C_out − C) + Q_door·(C_other − C)` (core/twin/co2Model), so the virtual rooms obey
 * exactly the physics the engine fits.
 */
import { co2After } from '../../twin/co2Model';

/** Sensible heat of a seated adult, W. */
export const PERSON_HEAT_W = 75;
/** Water vapour from a seated adult (breath and skin), g/s (≈ 55 g/h). */
export const PERSON_VAPOUR_GS = 55 / 3600;
/** Volumetric heat capacity of air, J/(m³·K). */
const AIR_RHO_CP = 1206;
/** Furniture, walls and ceiling store heat too: the room warms this many times slower than its air alone would. */
const THERMAL_MASS_FACTOR = 8;
/** Surfaces take up and give back moisture: vapour changes this many times slower than in bare air. */
const MOISTURE_BUFFER_FACTOR = 3;

/** The state of a room's air. */
export interface AirState {
  /** ppm */
  co2: number;
  /** °C */
  temp: number;
  /** Absolute humidity, g/m³. */
  ah: number;
}

/** What acts on a room's air during one step. */
export interface AirInputs {
  volumeM3: number;
  occupants: number;
  /** Mechanical ventilation and infiltration, m³/s of outdoor (supply) air. */
  qM3s: number;
  outdoorPpm: number;
  generationM3s: number;
  /** Temperature of the air the ventilation brings in, °C. */
  supplyTempC: number;
  /** Absolute humidity of that air, g/m³. */
  supplyAh: number;
  /** Heat exchange with the building (walls, radiators, cooling) towards `baseTempC`, W/K. */
  wallUA: number;
  baseTempC: number;
  /** Heat from lights and sun, W. */
  gainsW: number;
  /** Air exchanged with the other side of open doors, m³/s, and that air. */
  doorQM3s: number;
  other: AirState;
}

/** x(t) for dx/dt = a − k·x, exact. */
function relax(x: number, a: number, k: number, tS: number): number {
  if (k <= 0) return x + a * tS;
  const target = a / k;
  return target + (x - target) * Math.exp(-k * tS);
}

/** The air after `tS` seconds. */
export function stepAir(s: AirState, p: AirInputs, tS: number): AirState {
  const co2 = co2After(
    {
      volumeM3: p.volumeM3,
      qM3s: p.qM3s,
      co2Ppm: s.co2,
      occupants: p.occupants,
      outdoorPpm: p.outdoorPpm,
      generationM3s: p.generationM3s,
      doorFlowM3s: p.doorQM3s,
      doorOpen: p.doorQM3s > 0,
      neighbour: null,
    },
    tS,
    p.doorQM3s,
    p.other.co2,
  );
  const heatCap = AIR_RHO_CP * p.volumeM3 * THERMAL_MASS_FACTOR;
  const kVent = AIR_RHO_CP * p.qM3s;
  const kDoor = AIR_RHO_CP * p.doorQM3s;
  const heatIn =
    p.occupants * PERSON_HEAT_W + p.gainsW + kVent * p.supplyTempC + kDoor * p.other.temp + p.wallUA * p.baseTempC;
  const temp = relax(s.temp, heatIn / heatCap, (kVent + kDoor + p.wallUA) / heatCap, tS);
  const vBuf = p.volumeM3 * MOISTURE_BUFFER_FACTOR;
  const vapourIn = p.occupants * PERSON_VAPOUR_GS + p.qM3s * p.supplyAh + p.doorQM3s * p.other.ah;
  const ah = relax(s.ah, vapourIn / vBuf, (p.qM3s + p.doorQM3s) / vBuf, tS);
  return { co2, temp, ah };
}

/** Saturation vapour density at `tempC`, g/m³ (Magnus formula over water). */
export function saturationAh(tempC: number): number {
  const hPa = 6.112 * Math.exp((17.62 * tempC) / (243.12 + tempC));
  return (216.7 * hPa) / (273.15 + tempC);
}

/** Relative humidity, %, clamped to what a sensor can read. */
export function relativeHumidity(ah: number, tempC: number): number {
  return Math.min(100, Math.max(0, (100 * ah) / saturationAh(tempC)));
}

/** Absolute humidity of air at `rh` % and `tempC`, g/m³. */
export function absoluteHumidity(rh: number, tempC: number): number {
  return (rh / 100) * saturationAh(tempC);
}
