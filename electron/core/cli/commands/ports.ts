/** `twinscope ports`: serial ports, with ESP32 boards marked. */
import { parseArgs } from 'node:util';
import { listPorts } from '../../sources/serialPorts';
import type { CliCommand } from '../command';

export const command: CliCommand = {
  name: 'ports',
  usage: `Usage: twinscope ports [--json]

Lists serial ports. Ports whose USB ids match an ESP32 board (native USB or a CP210x, CH340, CH9102 or
FTDI bridge) are marked with *.`,
  async run(argv, io) {
    const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' } }, strict: true });
    const list = await listPorts();
    if (!list.ok) {
      io.err(`${list.error}\n${list.tip}`);
      return 1;
    }
    if (values.json) {
      io.out(JSON.stringify(list.ports, null, 2));
      return 0;
    }
    if (list.ports.length === 0) {
      io.out('no serial ports found (is the board plugged in, and the cable a data cable?)');
      return 0;
    }
    for (const p of list.ports) {
      const ids = p.vid && p.pid ? `${p.vid}:${p.pid}` : '-';
      const what = p.esp32 ? `ESP32? ${p.esp32}` : (p.manufacturer ?? '');
      io.out(`${p.esp32 ? '*' : ' '} ${p.path.padEnd(24)} ${ids.padEnd(10)} ${what}`);
    }
    return 0;
  },
};
