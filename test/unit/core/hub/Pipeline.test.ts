/** The pipeline knows no database: decode and ingest, then twin inputs and side records through its port. */
import { describe, expect, it } from 'vitest';
import type { TwinInput } from '../../../../electron/common/twin';
import { Pipeline, type PipelineRecords } from '../../../../electron/core/hub/Pipeline';
import { Ingest } from '../../../../electron/core/ingest/Ingest';
import { tele } from '../../../helpers/messages';

/** Keeps everything in memory, as a test or a tool may. */
function memoryRecords() {
  const r = { inputs: [] as TwinInput[], logs: [] as string[], rejects: [] as string[], devices: [] as string[] };
  const records: PipelineRecords = {
    addInput: (i) => r.inputs.push(i),
    addLog: (_t, _o, dev, _l, line) => r.logs.push(`${dev}: ${line}`),
    addReject: (_t, origin, rejection) => r.rejects.push(`${origin} ${rejection.code}`),
    updateDevice: (m) => r.devices.push(m.dev),
  };
  return { r, records };
}

describe('Pipeline', () => {
  it('turns serial lines and MQTT publishes into twin inputs and side records, without a database', () => {
    const { r, records } = memoryRecords();
    let now = 1_767_600_000_000;
    const handed: TwinInput[] = [];
    const p = new Pipeline(new Ingest(), records, { onInput: (i) => handed.push(i) }, () => now);
    const serial = { origin: 'serial:/dev/ttyACM0', via: 'serial' as const };
    const mqtt = { origin: 'mqtt:mqtt://127.0.0.1:1883', via: 'mqtt' as const };
    p.line(serial, tele('door', 1, { door: 'closed' }, { ts: now - 20 }));
    p.line(serial, 'I (312) wifi: connected'); // a device log, not an error
    p.line(serial, '{"v":1,"t":"tele"'); // a partial line
    now += 1000;
    p.mqtt(mqtt, 'twinscope/v1/room-a/tele', Buffer.from(tele('room-a', 1, { co2: 700 }, { ts: now - 30 })));
    p.mqtt(mqtt, 'twinscope/v1/room-a/tele', Buffer.from(tele('room-a', 1, { co2: 700 }, { ts: now - 30 })));
    p.mqtt(mqtt, 'twinscope/v1/room-a/status', Buffer.from('offline'));
    p.mqtt(mqtt, 'elsewhere/x', Buffer.from('{}'));
    expect(handed.map((i) => (i.kind === 'sample' ? `${i.sample.dev} ${i.sample.t}` : i.kind))).toEqual([
      `door ${now - 1020}`,
      `room-a ${now - 30}`,
      'status',
    ]);
    // Everything handed on is recorded too; the QoS 1 duplicate is neither.
    expect(r.inputs).toEqual(handed);
    expect(r.logs).toEqual(['door: I (312) wifi: connected']);
    expect(r.rejects).toEqual(['serial:/dev/ttyACM0 not_json', 'mqtt:mqtt://127.0.0.1:1883 bad_topic']);
    expect(p.counts).toMatchObject({ samples: 2, duplicates: 1, rejected: 2, logLines: 1 });
  });
});
