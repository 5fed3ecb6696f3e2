import { describe, expect, it } from 'vitest';
import { decodeJson, decodeLine } from '../../../../electron/core/protocol/decode';
import { encodeMessage, formatNumber } from '../../../../electron/core/protocol/encode';
import { parseTopic } from '../../../../electron/core/protocol/topics';
import { goldenRejects, goldenVectors } from '../../../helpers/fixtures';

describe('golden vectors', () => {
  for (const v of goldenVectors()) {
    it(`decodes "${v.name}" to its message`, () => {
      expect(decodeLine(v.line)).toEqual({ kind: 'message', message: v.message });
    });
    it(`encodes "${v.name}" canonically`, () => {
      expect(encodeMessage(v.message)).toBe(v.line);
    });
  }
  for (const r of goldenRejects()) {
    it(`rejects ${r.name} as ${r.code}`, () => {
      const d = decodeJson(r.line);
      expect(d.kind).toBe('reject');
      if (d.kind === 'reject') expect(d.rejection.code).toBe(r.code);
    });
  }
});

describe('decodeLine', () => {
  it('keeps text lines as device logs', () => {
    expect(decodeLine('ESP-ROM:esp32c6-20220919\r')).toEqual({ kind: 'log', line: 'ESP-ROM:esp32c6-20220919' });
  });
  it('rejects binary noise as garbage', () => {
    const d = decodeLine('\u0000\u00ff\u0013abc');
    expect(d.kind === 'reject' && d.rejection.code).toBe('garbage');
  });
  it('rejects messages over 1 KiB', () => {
    const big = `{"v":1,"t":"log","dev":"a","boot":1,"seq":1,"up":1,"ts":null,"msg":"${'x'.repeat(1100)}"}`;
    const d = decodeJson(big);
    expect(d.kind === 'reject' && d.rejection.code).toBe('too_long');
  });
  it('names the device of a message it rejects when the id is valid', () => {
    const d = decodeLine('{"v":1,"t":"tele","dev":"room-a","boot":1,"seq":1,"up":1,"ts":null,"data":{"co2":-5}}');
    expect(d).toMatchObject({ kind: 'reject', rejection: { code: 'out_of_range', dev: 'room-a' } });
    if (d.kind === 'reject') expect(d.rejection.detail).toContain('co2');
  });
  it('ignores unknown keys for forward compatibility', () => {
    const d = decodeLine(
      '{"v":1,"t":"tele","dev":"a","boot":1,"seq":1,"up":1,"ts":null,"x":1,"data":{"co2":400,"pm25":3}}',
    );
    expect(d).toMatchObject({ kind: 'message', message: { data: { co2: 400 } } });
  });
});

describe('formatNumber', () => {
  it('rounds to the wire decimals and trims zeros', () => {
    expect(formatNumber(22.4, 2)).toBe('22.4');
    expect(formatNumber(815.0, 0)).toBe('815');
    expect(formatNumber(-0.0001, 2)).toBe('0');
    expect(formatNumber(3.916, 2)).toBe('3.92');
  });
});

describe('parseTopic', () => {
  it('parses device topics and refuses others', () => {
    expect(parseTopic('twinscope/v1/room-a/tele')).toEqual({ dev: 'room-a', kind: 'tele' });
    expect(parseTopic('twinscope/v1/room-a/cmd')).toBeNull();
    expect(parseTopic('twinscope/v1/a/b/tele')).toBeNull();
    expect(parseTopic('other/v1/a/tele')).toBeNull();
  });
});
