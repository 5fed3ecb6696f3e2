/**
 * `npm run bench -- e2e`: the UI end to end, in headless Chromium (SwiftShader) against `twinscope serve` and a real
 * mosquitto, all on this machine.
 *  1. latency from an MQTT publish to the frame applied in the page (p50, p99), beside a plain mqtt.js subscriber
 *     on the same broker in the same run (the limit: the broker and the network stack), and beside the frame as the
 *     core emits it (an in-process TwinscopeService: the engine's share, before any carrier)
 *  2. React commits per second while devices publish 5,000 samples/s, against the frames per second applied
 *  3. scene frames per second with the heatmap on, against the same scene with it off (the ratio)
 *  4. replay seek, from a click on the timeline to the new picture painted (the frame with a new seekSeq applied,
 *     then the browser's next paint), on a recorded 10-minute session (p50, p99; target 100 ms)
 */
import { execFileSync } from 'node:child_process';
import mqtt from 'mqtt';
import { WebSocket } from 'ws';
import type { Page } from 'playwright-core';
import type { TwinFrame } from '../../electron/common/frame';
import { WS_PATH, type ServerMessage } from '../../electron/common/wire';
import { TwinscopeService } from '../../electron/core/app/TwinscopeService';
import { defaultSite } from '../../electron/core/twin/site/defaultSite';
import { tele } from '../helpers/messages';
import { Mosquitto } from '../helpers/mosquitto';
import { makeTempDir } from '../helpers/tempDir';
import { recordScenario } from '../helpers/recordScenario';
import { launchBrowser, openPage, serve, type Served } from '../e2e/launch';

const LATENCY_SAMPLES = 300;
const LATENCY_HZ = 20;
const LOAD_RATE = 5000;
const LOAD_S = 5;
const FPS_S = 4;

interface DebugWindow {
  twinscopeDebug: { onFrame(l: (f: TwinFrame) => void): () => void };
  /** Per co2 value: [applied, its socket message dispatched] (Date.now(), the clock the publisher uses). */
  seen: Record<number, [number, number]>;
  /** Date.now() when the page's main thread began handling the latest socket message. */
  messageAt: number;
  /** Main-thread tasks over 50 ms since the latency phase began: count and total ms. */
  longTasks: { n: number; ms: number };
  commits: number;
  frames: number;
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const ms = (x: number): string => `${x.toFixed(1)} ms`;

/** Counts React commits through the hook React calls for its developer tools (it does so in production builds too). */
const COMMIT_COUNTER = `
  window.commits = 0;
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true, isDisabled: false, renderers: new Map(),
    inject() { return 1; }, checkDCE() {}, onScheduleFiberRoot() {},
    onCommitFiberRoot() { window.commits++; }, onCommitFiberUnmount() {}, onPostCommitFiberRoot() {},
  };
  // Marks when the main thread takes up each socket message: registered before the page's own handler, so it runs
  // first. What a message waits before this is the main thread being busy elsewhere.
  const NativeWebSocket = window.WebSocket;
  window.messageAt = 0;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => { window.messageAt = Date.now(); });
    }
  };
`;

/** Publishes LATENCY_SAMPLES readings of room-a (co2 = 500 + i) with the other devices alongside; send times. */
async function publishMarked(url: string, clientId: string): Promise<Record<number, number>> {
  const pub = await mqtt.connectAsync(url, { clientId, protocolVersion: 4 });
  const sent: Record<number, number> = {};
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const co2 = 500 + i;
    const t = Date.now();
    sent[co2] = t;
    // Every device of the site reports: the twin applies a time once all active devices have reached it.
    await Promise.all([
      pub.publishAsync('twinscope/v1/room-a/tele', tele('room-a', i, { co2 }, { ts: t }), { qos: 1 }),
      pub.publishAsync('twinscope/v1/room-b/tele', tele('room-b', i, { temp: 21 }, { ts: t }), { qos: 1 }),
      pub.publishAsync('twinscope/v1/door/tele', tele('door', i, { door: 'closed', angle: 0 }, { ts: t }), { qos: 1 }),
    ]);
    await new Promise((r) => setTimeout(r, 1000 / LATENCY_HZ));
  }
  await new Promise((r) => setTimeout(r, 2000));
  await pub.endAsync();
  return sent;
}

/** The core alone: publish to the frame a TwinscopeService emits, in this process. */
async function coreLatency(url: string, dir: string): Promise<number[]> {
  const service = new TwinscopeService(`${dir}/core.db`, defaultSite());
  const seen: Record<number, number> = {};
  service.on('frame', (f) => {
    const co2 = co2Of(f);
    if (co2 !== undefined) seen[co2] ??= Date.now();
  });
  await service.dispatch('sources.connect', { kind: 'mqtt', url, clientId: 'bench-core' });
  await new Promise((r) => setTimeout(r, 500));
  const sent = await publishMarked(url, 'bench-core-devices');
  await service.close();
  return Object.entries(seen).map(([v, t]) => t - sent[Number(v)]!);
}

/** The co2 reading of room-a a frame shows (the marked readings' value). */
function co2Of(f: TwinFrame): number | undefined {
  return Object.values(f.view.sensors).find((x) => x.dev === 'room-a' && x.channel === 'co2')?.value[0];
}

/**
 * A client of the server's WebSocket in this process (no browser): the core and the carrier (coalescing, socket
 * send) up to the wire. Non-browser clients send no Origin and present the token in the URL.
 */
async function socketClient(served: Served, onFrame: (f: TwinFrame) => void): Promise<() => void> {
  const ws = new WebSocket(`ws://${new URL(served.url).host}${WS_PATH}?token=${served.token}`);
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as ServerMessage;
    if (m.type === 'event' && m.name === 'frame') onFrame(m.payload);
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return () => ws.close();
}

const delays = (seen: Record<number, number>, from: Record<number, number>): number[] =>
  Object.entries(seen).map(([v, t]) => t - from[Number(v)]!);
const line = (name: string, xs: number[], note = ''): string =>
  `   ${name.padEnd(8)}p50 ${ms(pct(xs, 50))}, p99 ${ms(pct(xs, 99))}${note}`;

async function latency(page: Page, served: Served, url: string, dir: string): Promise<void> {
  const client = await mqtt.connectAsync(url, { clientId: 'bench-plain', protocolVersion: 4 });
  const plain: Record<number, number> = {};
  await client.subscribeAsync('twinscope/v1/+/tele', { qos: 1 });
  client.on('message', (_topic, payload) => {
    const co2 = (JSON.parse(String(payload)) as { data?: { co2?: number } }).data?.co2;
    if (co2 !== undefined) plain[co2] ??= Date.now();
  });
  const socketSeen: Record<number, number> = {};
  const closeSocket = await socketClient(served, (f) => {
    const co2 = co2Of(f);
    if (co2 !== undefined) socketSeen[co2] ??= Date.now();
  });
  // A string: it runs in the page, where co2Of is not defined.
  await page.evaluate(`(() => {
    window.seen = {};
    window.longTasks = { n: 0, ms: 0 };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) { window.longTasks.n++; window.longTasks.ms += e.duration; }
    }).observe({ type: 'longtask' });
    window.twinscopeDebug.onFrame((f) => {
      const s = Object.values(f.view.sensors).find((x) => x.dev === 'room-a' && x.channel === 'co2');
      if (s && s.value[0] !== undefined) window.seen[s.value[0]] ??= [Date.now(), window.messageAt];
    });
  })()`);
  const started = Date.now();
  const sent = await publishMarked(url, 'bench-devices');
  const elapsed = Date.now() - started;
  const w = await page.evaluate(() => {
    const d = globalThis as unknown as DebugWindow;
    return { seen: d.seen, longTasks: d.longTasks };
  });
  closeSocket();
  const applied = Object.fromEntries(Object.entries(w.seen).map(([v, [a]]) => [v, a]));
  const dispatched = Object.fromEntries(Object.entries(w.seen).map(([v, [, m]]) => [v, m]));
  const page_ = delays(applied, sent);
  const plain_ = delays(plain, sent);
  const socket_ = delays(socketSeen, sent);
  const taken = delays(dispatched, sent);
  const parse = Object.entries(w.seen).map(([, [a, m]]) => a - m);
  // The page's share: from the frame on the wire (the socket client) to the page taking up its message.
  const waited = Object.keys(w.seen)
    .filter((v) => socketSeen[Number(v)] !== undefined)
    .map((v) => dispatched[Number(v)]! - socketSeen[Number(v)]!);
  await client.endAsync();
  const core = await coreLatency(url, dir);
  console.log(`1. publish → applied in page: ${page_.length} of ${LATENCY_SAMPLES} readings seen (frames carry the`);
  console.log('   latest view, so readings replaced within one frame are not seen on their own); hop by hop:');
  console.log(line('plain:', plain_, ` (mqtt.js subscriber, ${plain_.length})`));
  console.log(line('core:', core, ` (frame the core emits, in-process, ${core.length})`));
  console.log(line('socket:', socket_, ` (frame off the server's WebSocket, a client in node, ${socket_.length})`));
  console.log(line('taken:', taken, " (the page's main thread takes up the frame's message)"));
  console.log(line('page:', page_, ' (the frame applied to the store)'));
  console.log(line('  wire → taken:', waited, ''));
  console.log(line('  taken → applied:', parse, ' (JSON parse, store, listeners)'));
  console.log(
    `   page main thread: ${w.longTasks.n} tasks over 50 ms, ${ms(w.longTasks.ms)} in all ` +
      `(${((w.longTasks.ms / elapsed) * 100).toFixed(0)}% of the ${(elapsed / 1000).toFixed(1)} s)`,
  );
  console.log(`   p99 above the plain subscriber: ${ms(pct(page_, 99) - pct(plain_, 99))} (one frame is 33.3 ms)`);
  console.log(
    `   page above the core's frame (carrier, browser): p50 ${ms(pct(page_, 50) - pct(core, 50))}, ` +
      `p99 ${ms(pct(page_, 99) - pct(core, 99))}`,
  );
}

async function commits(page: Page, served: Served, url: string): Promise<void> {
  const pub = await mqtt.connectAsync(url, { clientId: 'bench-load', protocolVersion: 4 });
  let wired = 0;
  const closeSocket = await socketClient(served, () => wired++);
  await page.evaluate(() => {
    const w = globalThis as unknown as DebugWindow;
    w.frames = 0;
    w.twinscopeDebug.onFrame(() => w.frames++);
  });
  const before = await page.evaluate(() => {
    const w = globalThis as unknown as DebugWindow;
    return { commits: w.commits, frames: w.frames };
  });
  const devs = ['room-a', 'room-b', 'door', ...Array.from({ length: 47 }, (_, i) => `load-${i}`)];
  const perTick = LOAD_RATE / 100; // every 10 ms
  const started = Date.now();
  let n = 0;
  const seqs = new Map<string, number>();
  while (Date.now() - started < LOAD_S * 1000) {
    const t = Date.now();
    for (let k = 0; k < perTick; k++) {
      const dev = devs[n++ % devs.length]!;
      const seq = (seqs.get(dev) ?? 10_000) + 1;
      seqs.set(dev, seq);
      const data = dev === 'door' ? { door: 'closed' as const, angle: 0 } : { co2: 600 + (seq % 400), temp: 21 };
      pub.publish(`twinscope/v1/${dev}/tele`, tele(dev, seq, data, { ts: t }), { qos: 0 });
    }
    const wait = started + (n / LOAD_RATE) * 1000 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  const elapsed = (Date.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 500));
  const after = await page.evaluate(() => {
    const w = globalThis as unknown as DebugWindow;
    return { commits: w.commits, frames: w.frames };
  });
  const onWire = wired / elapsed;
  closeSocket();
  await pub.endAsync();
  const c = (after.commits - before.commits) / elapsed;
  const f = (after.frames - before.frames) / elapsed;
  console.log(
    `2. under ${Math.round(n / elapsed).toLocaleString('en-US')} samples/s published for ${elapsed.toFixed(1)} s:`,
  );
  console.log(
    `   React commits ${c.toFixed(1)}/s, frames applied ${f.toFixed(1)}/s (commits/frames ${(c / f).toFixed(2)}); ` +
      `frames off the WebSocket to a client in node ${onWire.toFixed(1)}/s`,
  );
}

/**
 * Scene frames per second when it draws every animation frame (it renders on demand otherwise, so this is its cost,
 * not what an idle page does): requestAnimationFrame callbacks per second. A string: it runs in the page.
 */
async function fps(page: Page): Promise<number> {
  return page.evaluate(`new Promise((resolve) => {
    window.twinscopeFrameloop('always');
    let n = 0;
    const start = performance.now();
    const step = () => {
      n++;
      if (performance.now() - start < ${FPS_S * 1000}) requestAnimationFrame(step);
      else {
        window.twinscopeFrameloop('demand');
        resolve(n / ((performance.now() - start) / 1000));
      }
    };
    requestAnimationFrame(step);
  })`);
}

/** The scene's cost per picture, drawn back to back and waited for (not held to the display's 60 fps), median of 5. */
async function drawCost(page: Page): Promise<number> {
  const runs: number[] = [];
  for (let k = 0; k < 5; k++) runs.push(await page.evaluate<number>('window.twinscopeDrawCost(20)'));
  return pct(runs, 50);
}

interface SeekTimes {
  /** From the click (pointerdown) to the frame with a new seekSeq applied in the page. */
  applied: number[];
  /** ... to the next animation frame after it (the scene drawn). */
  painted: number[];
  /** ... to the page's main thread taking up that frame's message. */
  taken: number[];
  /** ... to that frame coming off the server's WebSocket to a client in node. */
  wire: number[];
}

const SEEKS = 40;
const SEEK_PAUSE_MS = 600;

/**
 * Opens the recorded session in the timeline and clicks it at random places: from the pointer going down (page time)
 * to the first animation frame after the frame with a new seekSeq was applied, the picture painted.
 */
async function seekToPaint(page: Page, served: Served): Promise<SeekTimes> {
  // When each new seekSeq came off the server's WebSocket (a client in node): the core's share of a seek.
  const wired: number[] = [];
  let wiredSeq = -1;
  const closeSocket = await socketClient(served, (f) => {
    if (f.seekSeq !== wiredSeq) wired.push(Date.now());
    wiredSeq = f.seekSeq;
  });
  await page.getByTestId('replay-session').selectOption('1');
  await page.getByTestId('replay-open').click();
  await page.getByTestId('replay-session-open').waitFor();
  const bar = page.getByTestId('timeline-bar');
  await page.evaluate(`(() => {
    window.seekTimes = [];
    let down = null;
    let seekSeq = -1;
    let downAt = 0;
    document.querySelector('[data-testid="timeline-bar"]').addEventListener('pointerdown', () => {
      down = performance.now();
      downAt = Date.now();
    }, true);
    window.twinscopeDebug.onFrame((f) => {
      if (f.seekSeq === seekSeq) return;
      seekSeq = f.seekSeq;
      if (down === null) return;
      const from = down;
      down = null;
      const applied = performance.now() - from;
      const taken = window.messageAt - downAt;
      const clicked = downAt;
      requestAnimationFrame(() => window.seekTimes.push([applied, performance.now() - from, clicked, taken]));
    });
  })()`);
  let x = 0.5;
  for (let k = 0; k < SEEKS; k++) {
    x = (x + 0.381966) % 1; // spread over the session, never the same place twice
    // The bar's width follows the row's other text (the cursor's time): where it is now.
    const box = (await bar.boundingBox())!;
    await page.mouse.click(box.x + 4 + x * (box.width - 8), box.y + box.height / 2);
    // Polled from here: the page's CSP (no eval) keeps waitForFunction's predicate from running in it.
    const deadline = Date.now() + 10_000;
    while ((await page.evaluate<number>('window.seekTimes.length')) < k + 1) {
      if (Date.now() > deadline) throw new Error(`seek ${k + 1} of ${SEEKS} painted nothing in 10 s`);
      await new Promise((r) => setTimeout(r, 5));
    }
    // A user looks at the picture before the next click; the charts catch up meanwhile.
    await new Promise((r) => setTimeout(r, SEEK_PAUSE_MS));
  }
  const times = await page.evaluate<[number, number, number, number][]>('window.seekTimes');
  closeSocket();
  return {
    applied: times.map((t) => t[0]),
    painted: times.map((t) => t[1]),
    taken: times.map((t) => t[3]),
    // The first new seekSeq on the wire after each click.
    wire: times.map(([, , clicked]) => (wired.find((w) => w >= clicked) ?? NaN) - clicked),
  };
}

const RENDERER = `(() => {
  const gl = document.createElement('canvas').getContext('webgl2');
  const ext = gl && gl.getExtension('WEBGL_debug_renderer_info');
  return ext ? String(gl.getParameter(ext.UNMASKED_RENDERER_WEBGL)) : 'unknown';
})()`;

export async function run(): Promise<void> {
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { stdio: 'inherit' });
  execFileSync('npx', ['--no-install', 'electron-vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  const dir = makeTempDir();
  const broker = await Mosquitto.start(dir.path);
  // A recorded session to replay (session 1); serve records live into session 2.
  await recordScenario(`${dir.path}/bench.db`);
  const served = await serve(['--mqtt', broker.url, '--db', `${dir.path}/bench.db`]);
  const browser = await launchBrowser();
  try {
    const { page } = await openPage(browser, served.url, COMMIT_COUNTER);
    await page.getByText('Room A').first().waitFor();
    // The scene first, while nothing else loads the machine: on, off, on again (the two "on" runs show the noise).
    await page.waitForTimeout(1000);
    const on = await fps(page);
    const costOn = await drawCost(page);
    await page.keyboard.press('h');
    const off = await fps(page);
    const costOff = await drawCost(page);
    await page.keyboard.press('h');
    const on2 = await fps(page);
    // Replay seeks next, then back to live for the live measurements.
    const seeks = await seekToPaint(page, served);
    await page.getByTestId('replay-live').click();
    await page.getByTestId('timeline').and(page.locator('[data-mode="live"]')).waitFor();
    await latency(page, served, broker.url, dir.path);
    await commits(page, served, broker.url);
    const renderer = await page.evaluate<string>(RENDERER);
    console.log(`3. scene at 1280×800 (${renderer}):`);
    console.log(
      `   heatmap on ${on.toFixed(1)} and ${on2.toFixed(1)} fps, off ${off.toFixed(1)} fps, ` +
        `ratio on/off ${((on + on2) / 2 / off).toFixed(2)} (the display's rate caps both)`,
    );
    console.log(
      `   cost of a picture, drawn back to back: heatmap on ${ms(costOn)}, off ${ms(costOff)}: ` +
        `${(1000 / costOn).toFixed(0)} against ${(1000 / costOff).toFixed(0)} pictures/s, ratio on/off ${(costOff / costOn).toFixed(2)}`,
    );
    const { applied, painted, taken, wire } = seeks;
    console.log(`4. replay seek on the timeline, over ${painted.length} seeks (target: painted within 100 ms):`);
    console.log(`   click to the new frame on the wire: p50 ${ms(pct(wire, 50))}, p99 ${ms(pct(wire, 99))}`);
    console.log(`   click to its message taken up: p50 ${ms(pct(taken, 50))}, p99 ${ms(pct(taken, 99))}`);
    console.log(`   click to the new frame applied: p50 ${ms(pct(applied, 50))}, p99 ${ms(pct(applied, 99))}`);
    console.log(
      `   click to painted: p50 ${ms(pct(painted, 50))}, p99 ${ms(pct(painted, 99))} ` +
        `(×${(pct(painted, 99) / 100).toFixed(2)} of the target at p99), p90 ${ms(pct(painted, 90))}`,
    );
  } finally {
    await browser.close();
    await served.stop();
    await broker.stop('SIGKILL');
    dir.remove();
  }
}
