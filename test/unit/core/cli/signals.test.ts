import { describe, expect, it } from 'vitest';
import { handleStopSignals } from '../../../../electron/core/cli/signals';

describe('stop signals', () => {
  it('asks to stop, quits at once on the second signal saying what is at risk, and ends a stop that hangs', async () => {
    const controller = new AbortController();
    const said: string[] = [];
    const exits: number[] = [];
    const remove = handleStopSignals({
      controller,
      err: (t) => said.push(t),
      atRisk: () => 'the output file is incomplete',
      exit: (code) => exits.push(code),
      graceMs: 50,
    });
    try {
      process.emit('SIGINT', 'SIGINT');
      expect(controller.signal.aborted).toBe(true);
      expect(exits).toEqual([]);
      process.emit('SIGTERM', 'SIGTERM');
      expect(exits).toEqual([130]);
      expect(said).toEqual(['twinscope: SIGTERM again, quitting now; the output file is incomplete']);
      await new Promise((r) => setTimeout(r, 80));
      expect(exits).toEqual([130, 1]);
      expect(said[1]).toMatch(/still not stopped 0 s after SIGINT; quitting/);
    } finally {
      remove();
    }
  });
});
