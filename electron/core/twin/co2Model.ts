/**
 * CO2 mass balance of a room: V·dC/dt = 1e6·G·n + Q·(C_out − C) + Q_door·(C_other − C), with C in ppm, V in m³,
 * G in m³/s per person, Q and Q_door in m³/s. For constant inputs the solution is an exponential approach to the
 * steady state; two rooms joined by an open door form a 2×2 linear system, also solved exactly. Pure functions.
 */
import type { Co2Category } from '../../common/twin';
import type { Co2Rules, Point2 } from '../../common/site';

/** Below this the room counts as unventilated and the solution grows linearly (avoids 0/0). */
const MIN_RATE = 1e-12;

/** Neighbouring room across the door, for the coupled what-if. */
export interface NeighbourModel {
  volumeM3: number;
  qM3s: number;
  co2Ppm: number;
  occupants: number;
}

/** Everything `predict` needs about one room at one moment. */
export interface RoomModel {
  volumeM3: number;
  qM3s: number;
  co2Ppm: number;
  occupants: number;
  outdoorPpm: number;
  generationM3s: number;
  /** Air exchange through the door when open, m³/s. */
  doorFlowM3s: number;
  doorOpen: boolean;
  /** The room behind the door; null when the door leads outside (C_other = C_out). */
  neighbour: NeighbourModel | null;
}

/** A "what if": change the door or the number of people, then let the physics run. */
export interface Scenario {
  doorOpen?: boolean;
  addOccupants?: number;
  neighbourAddOccupants?: number;
}

export interface PredictPoint {
  /** Offset from now, ms. */
  tMs: number;
  co2: number;
  /** The neighbour's concentration when it is modelled, else null. */
  neighbourCo2: number | null;
}

/** Area of a simple polygon (shoelace), m². */
export function polygonArea(points: readonly Point2[]): number {
  let twice = 0;
  for (let i = 0; i < points.length; i++) {
    const [x1, y1] = points[i]!;
    const [x2, y2] = points[(i + 1) % points.length]!;
    twice += x1 * y2 - x2 * y1;
  }
  return Math.abs(twice) / 2;
}

/** ppm/s produced by `n` people in `volumeM3`. */
export function generationPpmPerS(n: number, generationM3s: number, volumeM3: number): number {
  return (1e6 * generationM3s * n) / volumeM3;
}

/** dC/dt of one room with the other side held at `otherPpm`, ppm/s. */
export function co2Rate(
  m: Pick<RoomModel, 'volumeM3' | 'qM3s' | 'occupants' | 'outdoorPpm' | 'generationM3s'>,
  c: number,
  qDoor: number,
  otherPpm: number,
): number {
  return (1e6 * m.generationM3s * m.occupants + m.qM3s * (m.outdoorPpm - c) + qDoor * (otherPpm - c)) / m.volumeM3;
}

/** ∫₀ᵗ e^(−k·s) ds = (1 − e^(−kt))/k, written so that k → 0 gives t. */
function phi(k: number, t: number): number {
  return k < MIN_RATE ? t : -Math.expm1(-k * t) / k;
}

/**
 * Exact concentration after `tS` seconds for one room whose other side stays at `otherPpm`:
 * C(t) = C₀ + r₀·(1 − e^(−kt))/k with r₀ the initial rate and k = (Q + Q_door)/V.
 */
export function co2After(m: RoomModel, tS: number, qDoor: number, otherPpm: number): number {
  const k = (m.qM3s + qDoor) / m.volumeM3;
  return m.co2Ppm + co2Rate(m, m.co2Ppm, qDoor, otherPpm) * phi(k, tS);
}

/** Steady state of one room, ppm; null when unventilated (it never settles). */
export function steadyState(m: RoomModel, qDoor: number, otherPpm: number): number | null {
  const q = m.qM3s + qDoor;
  if (q / m.volumeM3 < MIN_RATE) return null;
  return (1e6 * m.generationM3s * m.occupants + m.qM3s * m.outdoorPpm + qDoor * otherPpm) / q;
}

/**
 * Time until the room reaches `thresholdPpm` at constant inputs, ms: 0 when already there, null when it never will.
 */
export function timeToThreshold(m: RoomModel, thresholdPpm: number, qDoor = 0, otherPpm = m.outdoorPpm): number | null {
  if (m.co2Ppm >= thresholdPpm) return 0;
  const r = co2Rate(m, m.co2Ppm, qDoor, otherPpm);
  if (r <= 0) return null;
  const k = (m.qM3s + qDoor) / m.volumeM3;
  const gap = thresholdPpm - m.co2Ppm;
  if (k < MIN_RATE) return (gap / r) * 1000;
  const frac = (gap * k) / r;
  // The steady state lies at or below the threshold: the approach never gets there.
  if (frac >= 1) return null;
  return (-Math.log1p(-frac) / k) * 1000;
}

/** Coupled two-room step: exact for constant inputs via the 2×2 matrix exponential. */
function coupledAfter(
  a: [number, number, number, number],
  b: [number, number],
  c0: [number, number],
  tS: number,
): [number, number] {
  const [a11, a12, a21, a22] = a;
  // r0 = A·C0 + b, then C(t) = C0 + Φ(t)·r0 with Φ(t) = ∫₀ᵗ e^(As) ds = A⁻¹(e^(At) − I).
  const r1 = a11 * c0[0] + a12 * c0[1] + b[0];
  const r2 = a21 * c0[0] + a22 * c0[1] + b[1];
  const m = (a11 + a22) / 2;
  const det = a11 * a22 - a12 * a21;
  const s = Math.sqrt(Math.max(0, m * m - det));
  const e = Math.exp(m * tS);
  const ch = Math.cosh(s * tS);
  const sh = s < MIN_RATE ? tS : Math.sinh(s * tS) / s;
  // e^(At) = e^(mt)·[cosh(st)·I + sinh(st)/s·(A − mI)]
  const e11 = e * (ch + sh * (a11 - m)) - 1;
  const e12 = e * sh * a12;
  const e21 = e * sh * a21;
  const e22 = e * (ch + sh * (a22 - m)) - 1;
  // A⁻¹ = [a22, −a12; −a21, a11] / det
  const p11 = (a22 * e11 - a12 * e21) / det;
  const p12 = (a22 * e12 - a12 * e22) / det;
  const p21 = (-a21 * e11 + a11 * e21) / det;
  const p22 = (-a21 * e12 + a11 * e22) / det;
  return [c0[0] + p11 * r1 + p12 * r2, c0[1] + p21 * r1 + p22 * r2];
}

/**
 * What-if curve: the room's concentration from now to `horizonMs` under `scenario`, every `stepMs`.
 * With an open door and a modelled neighbour both rooms evolve together; otherwise the other side is outdoor air
 * (door to outside) or held at the neighbour's current value (door closed: no exchange anyway).
 */
export function predict(model: RoomModel, scenario: Scenario, horizonMs: number, stepMs = 60_000): PredictPoint[] {
  const open = scenario.doorOpen ?? model.doorOpen;
  const room: RoomModel = { ...model, occupants: model.occupants + (scenario.addOccupants ?? 0) };
  const nb = model.neighbour && {
    ...model.neighbour,
    occupants: model.neighbour.occupants + (scenario.neighbourAddOccupants ?? 0),
  };
  const qDoor = open ? model.doorFlowM3s : 0;
  const points: PredictPoint[] = [];
  const step = Math.max(1, stepMs);
  for (let tMs = 0; tMs <= horizonMs; tMs += step) {
    const tS = tMs / 1000;
    if (nb === null) {
      points.push({ tMs, co2: co2After(room, tS, qDoor, model.outdoorPpm), neighbourCo2: null });
      continue;
    }
    const nbModel: RoomModel = {
      ...room,
      volumeM3: nb.volumeM3,
      qM3s: nb.qM3s,
      co2Ppm: nb.co2Ppm,
      occupants: nb.occupants,
    };
    if (qDoor === 0) {
      points.push({
        tMs,
        co2: co2After(room, tS, 0, nb.co2Ppm),
        neighbourCo2: co2After(nbModel, tS, 0, room.co2Ppm),
      });
      continue;
    }
    const q1 = Math.max(room.qM3s, MIN_RATE);
    const q2 = Math.max(nb.qM3s, MIN_RATE);
    const v1 = room.volumeM3;
    const v2 = nb.volumeM3;
    const g = 1e6 * room.generationM3s;
    const a: [number, number, number, number] = [-(q1 + qDoor) / v1, qDoor / v1, qDoor / v2, -(q2 + qDoor) / v2];
    const b: [number, number] = [
      (g * room.occupants + q1 * room.outdoorPpm) / v1,
      (g * nb.occupants + q2 * room.outdoorPpm) / v2,
    ];
    const [c1, c2] = coupledAfter(a, b, [room.co2Ppm, nb.co2Ppm], tS);
    points.push({ tMs, co2: c1, neighbourCo2: c2 });
  }
  return points;
}

/**
 * People implied by the mass balance for a measured slope (ppm/s) at concentration `c`; never negative.
 */
export function estimateOccupants(
  m: Pick<RoomModel, 'volumeM3' | 'qM3s' | 'outdoorPpm' | 'generationM3s'>,
  c: number,
  slopePpmPerS: number,
  qDoor: number,
  otherPpm: number,
): number {
  const n =
    (m.volumeM3 * slopePpmPerS - m.qM3s * (m.outdoorPpm - c) - qDoor * (otherPpm - c)) / (1e6 * m.generationM3s);
  return n > 0 ? n : 0;
}

/** EN 16798-1 category of a concentration (I best, IV worst). */
export function co2Category(c: number, rules: Pick<Co2Rules, 'outdoorPpm' | 'categories'>): Co2Category {
  const above = c - rules.outdoorPpm;
  if (above <= rules.categories.I) return 'I';
  if (above <= rules.categories.II) return 'II';
  if (above <= rules.categories.III) return 'III';
  return 'IV';
}
