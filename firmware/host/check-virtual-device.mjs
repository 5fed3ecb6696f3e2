// End-to-end check of build/twinscope-virtual-esp32 over a real pty pair (socat), as the desktop app would use it:
// boot logs, hello, every seq exactly once, a simulated outage backfilled with sup, host time sync, a replay, a bad
// command, door events, and every JSON line accepted by the TypeScript decoder and canonical for its encoder.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeSync, constants } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReadStream } from 'node:tty';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(predicate, ms, what) {
  const until = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/**
 * Runs the check. `reference` is the bundled TypeScript protocol module (or null). Returns
 * { skipped?, results: [{ name, ok, detail }], figures }.
 */
export async function checkVirtualDevice(binary, reference) {
  if (spawnSync('socat', ['-V']).error)
    return { skipped: 'socat not installed (apt-get install -y socat)', results: [] };
  const dir = mkdtempSync(join(tmpdir(), 'twinscope-vd-'));
  const ttyA = join(dir, 'ttyA');
  const ttyB = join(dir, 'ttyB');
  const socat = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${ttyA}`, `pty,raw,echo=0,link=${ttyB}`], {
    stdio: 'ignore',
  });
  const results = [];
  const check = (name, ok, detail = '') => results.push({ name, ok: Boolean(ok), detail });
  let device;
  let fd;
  let stream;
  const lines = [];
  const figures = {};
  try {
    await waitFor(() => existsSync(ttyA) && existsSync(ttyB), 5000, 'socat ptys');
    fd = openSync(ttyB, constants.O_RDWR | constants.O_NOCTTY);
    stream = new ReadStream(fd);
    let partial = '';
    stream.on('data', (chunk) => {
      const parts = (partial + chunk.toString('utf8')).split('\n');
      partial = parts.pop();
      for (const line of parts) lines.push({ at: Date.now(), line });
    });
    const args = ['--port', ttyA, '--dev', 'vd-check', '--boot', '7', '--interval', '20', '--count', '300'];
    args.push('--outage-after', '60', '--outage-ms', '600', '--door-every', '500', '--seed', '3', '--quiet');
    const started = Date.now();
    device = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    device.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise((resolve) => device.on('exit', (code) => resolve(code)));

    const json = () => lines.filter((l) => l.line.startsWith('{')).map((l) => ({ ...l, msg: JSON.parse(l.line) }));
    await waitFor(() => json().length > 0, 5000, 'hello');
    const send = (cmd) => writeSync(fd, `${JSON.stringify({ v: 1, t: 'cmd', ...cmd })}\n`);
    const hostTime = Date.now();
    send({ id: 'sync', op: 'time', args: { ts: hostTime } });
    writeSync(fd, '{"v":1,"t":"cmd","id":\n');
    await waitFor(() => json().some((l) => l.msg.sup !== undefined), 10000, 'backfill after the outage');
    send({ id: 'again', op: 'replay', args: { from: 5, to: 9 } });
    const code = await exited;
    figures.runMs = Date.now() - started;
    await sleep(100);

    const all = json();
    const acks = all.filter((l) => l.msg.t === 'ack');
    const replayAck = all.findIndex((l) => l.msg.t === 'ack' && l.msg.id === 'again');
    const firstJson = lines.findIndex((l) => l.line.startsWith('{'));
    check('exits 0 with a summary', code === 0 && /done dev=vd-check boots=7\.\.7/.test(stderr), stderr.trim());
    check('boot logs (not JSON) come first', firstJson >= 3 && lines[0].line.startsWith('ESP-ROM:'));
    const hello = all[0]?.msg;
    check('hello first, boot 7, seq 0', hello?.t === 'hello' && hello.boot === 7 && hello.seq === 0, all[0]?.line);

    // Every seq once, leaving out the replay of 5..9 (resent on purpose, after its ack).
    const isReplay = (l, i) => replayAck >= 0 && i > replayAck && l.msg.seq >= 5 && l.msg.seq <= 9;
    const firstPass = all.filter((l, i) => !isReplay(l, i));
    const seqs = firstPass.map((l) => l.msg.seq);
    const last = Math.max(...seqs);
    const unique = new Set(seqs);
    const missing = [];
    for (let s = 0; s <= last; s++) if (!unique.has(s)) missing.push(s);
    check(
      'every seq arrives exactly once',
      unique.size === seqs.length && missing.length === 0,
      `seq 0..${last}: ${seqs.length} lines, ${unique.size} distinct, missing [${missing.slice(0, 10).join(',')}]`,
    );
    figures.messages = last + 1;

    const backfilled = firstPass.filter((l) => l.msg.sup !== undefined);
    const gap = backfilled.length ? Math.max(...backfilled.map((l) => l.msg.sup - l.msg.up)) : 0;
    check(
      'outage backfilled with sup >= up',
      backfilled.length >= 20 && backfilled.every((l) => l.msg.sup >= l.msg.up),
      `${backfilled.length} backfilled, largest sup-up ${gap} ms`,
    );
    figures.backfilled = backfilled.length;
    figures.largestDelayMs = gap;

    const syncAck = acks.find((l) => l.msg.id === 'sync');
    const synced = all.filter((l) => l.msg.ts !== null && l.msg.seq > (syncAck?.msg.seq ?? Infinity));
    const skew = synced.length ? Math.abs(synced[0].msg.ts - synced[0].at) : Infinity;
    check(
      'time command: ack ok, later messages carry ts',
      syncAck?.msg.ok === true && synced.length > 0 && skew < 2000,
      `skew ${skew} ms`,
    );
    figures.tsSkewMs = skew;

    const bad = acks.find((l) => l.msg.id === '' && l.msg.ok === false);
    check('malformed command: ack with err', bad?.msg.err === 'malformed command', bad?.line);

    const replayed = all.filter(isReplay);
    const sameAsOriginal = replayed.every((r) => {
      const original = firstPass.find((l) => l.msg.seq === r.msg.seq);
      return (
        original &&
        r.line.replace(/,"sup":\d+/, '') === original.line.replace(/,"sup":\d+/, '') &&
        r.msg.sup >= r.msg.up
      );
    });
    check(
      'replay 5..9: ack ok, same lines with sup',
      all[replayAck]?.msg.ok === true && replayed.length === 5 && sameAsOriginal,
      `${replayed.length} replayed`,
    );

    const evts = all.filter((l) => l.msg.t === 'evt').map((l) => l.msg.evt);
    const maxAngle = Math.max(...all.filter((l) => l.msg.data?.angle !== undefined).map((l) => l.msg.data.angle));
    check(
      'door: open, closed, slam events and a real angle',
      ['door_open', 'door_closed', 'slam'].every((e) => evts.includes(e)) && maxAngle > 45,
      `events ${[...new Set(evts)].join(',')}, max angle ${maxAngle}`,
    );

    const tooLong = lines.filter((l) => Buffer.byteLength(l.line) + 1 > 1024);
    check('every line within 1024 bytes', tooLong.length === 0);
    if (reference) {
      const rejected = [];
      const notCanonical = [];
      for (const { line } of lines) {
        const d = reference.decodeLine(line);
        if (d.kind === 'reject') rejected.push(`${d.rejection.code}: ${line}`);
        else if (d.kind === 'message' && reference.encodeMessage(d.message) !== line) notCanonical.push(line);
      }
      check('TypeScript decoder accepts every line', rejected.length === 0, rejected.slice(0, 3).join(' | '));
      check('every line is canonical for the TypeScript encoder', notCanonical.length === 0, notCanonical[0]);
    }
    figures.lines = lines.length;
  } catch (e) {
    check('virtual device run', false, e.message);
  } finally {
    if (device && device.exitCode === null) device.kill('SIGTERM');
    stream?.destroy();
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // already closed by the stream
      }
    }
    socat.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
  return { results, figures };
}
