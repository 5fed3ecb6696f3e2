/** Row formats of `twinscope export`: one sample per NDJSON line or CSV row. */
import type { Sample } from '../../../common/sample';

export type ExportFormat = 'ndjson' | 'csv';

export function ndjsonLine(s: Sample): string {
  const line: Record<string, unknown> = {
    dev: s.dev,
    boot: s.boot,
    seq: s.seq,
    t: s.t,
    data: s.values,
    up: s.up,
    tDev: s.tDev,
    tRecv: s.tRecv,
    via: s.via,
    basis: s.timeBasis,
    backfill: s.backfill,
    late: s.late,
  };
  if (s.evt !== undefined) line.evt = s.evt;
  return `${JSON.stringify(line)}\n`;
}

export const CSV_HEADER =
  'dev,boot,seq,t,time,up,t_recv,via,basis,backfill,late,evt,co2,temp,rh,lux,motion,door,' +
  'gyro_x,gyro_y,gyro_z,accel_x,accel_y,accel_z,angle,rssi,bat\n';

const cell = (v: number | boolean | string | undefined): string => (v === undefined ? '' : String(v));

export function csvRow(s: Sample): string {
  const v = s.values;
  // Device ids, event names and enum values are restricted to characters that need no CSV quoting.
  return (
    [
      s.dev,
      s.boot,
      s.seq,
      s.t,
      new Date(s.t).toISOString(),
      s.up,
      s.tRecv,
      s.via,
      s.timeBasis,
      s.backfill ? 1 : 0,
      s.late ? 1 : 0,
      s.evt ?? '',
      cell(v.co2),
      cell(v.temp),
      cell(v.rh),
      cell(v.lux),
      v.motion === undefined ? '' : v.motion ? 1 : 0,
      cell(v.door),
      cell(v.gyro?.[0]),
      cell(v.gyro?.[1]),
      cell(v.gyro?.[2]),
      cell(v.accel?.[0]),
      cell(v.accel?.[1]),
      cell(v.accel?.[2]),
      cell(v.angle),
      cell(v.rssi),
      cell(v.bat),
    ].join(',') + '\n'
  );
}
