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
import type { Page } from 'playwright-core';
import type { TwinFrame } from '../../electron/common/frame';
import { TwinscopeService } from '../../electron/core/app/TwinscopeService';
import { defaultSite } from '../../electron/core/twin/site/defaultSite';
import { tele } from '../helpers/messages';
import { Mosquitto } from '../helpers/mosquitto';
import { makeTempDir } from '../helpers/tempDir';
import { recordScenario } from '../helpers/recordScenario';
import { launchBrowser, openPage, serve } from '../e2e/launch';

const LATENCY_SAMPLES = 300;
const LATENCY_HZ = 20;
const LOAD_RATE = 5000;
const LOAD_S = 5;
const FPS_S = 4;

interface DebugWindow {
  twinscopeDebug: { onFrame(l: (f: TwinFrame) => void): () => void };
  seen: Record<number, number>;
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
    const s = Object.values(f.view.sensors).find((x) => x.dev === 'room-a' && x.channel === 'co2');
    if (s && s.value[0] !== undefined) seen[s.value[0]] ??= Date.now();
  });
  await service.dispatch('sources.connect', { kind: 'mqtt', url, clientId: 'bench-core' });
  await new Promise((r) => setTimeout(r, 500));
  const sent = await publishMarked(url, 'bench-core-devices');
  await service.close();
  return Object.entries(seen).map(([v, t]) => t - sent[Number(v)]!);
}

async function latency(page: Page, url: string, dir: string): Promise<void> {
  const client = await mqtt.connectAsync(url, { clientId: 'bench-plain', protocolVersion: 4 });
  const plain: Record<number, number> = {};
  await client.subscribeAsync('twinscope/v1/+/tele', { qos: 1 });
  client.on('message', (_topic, payload) => {
    const co2 = (JSON.parse(String(payload)) as { data?: { co2?: number } }).data?.co2;
    if (co2 !== undefined) plain[co2] ??= Date.now();
  });
  await page.evaluate(() => {
    const w = globalThis as unknown as DebugWindow;
    w.seen = {};
    w.twinscopeDebug.onFrame((f) => {
      const s = Object.values(f.view.sensors).find((x) => x.dev === 'room-a' && x.channel === 'co2');
      if (s && s.value[0] !== undefined) w.seen[s.value[0]] ??= Date.now();
    });
  });
  const sent = await publishMarked(url, 'bench-devices');
  const seen = await page.evaluate(() => (globalThis as unknown as DebugWindow).seen);
  const page_ = Object.entries(seen).map(([v, t]) => t - sent[Number(v)]!);
  const plain_ = Object.entries(plain).map(([v, t]) => t - sent[Number(v)]!);
  await client.endAsync();
  const core = await coreLatency(url, dir);
  console.log(`1. publish → applied in page: ${page_.length} of ${LATENCY_SAMPLES} readings seen (frames carry the`);
  console.log('   latest view, so readings replaced within one frame are not seen on their own)');
  console.log(`   page:   p50 ${ms(pct(page_, 50))}, p99 ${ms(pct(page_, 99))}`);
  console.log(
    `   plain:  p50 ${ms(pct(plain_, 50))}, p99 ${ms(pct(plain_, 99))} (mqtt.js subscriber, ${plain_.length})`,
  );
  console.log(`   core:   p50 ${ms(pct(core, 50))}, p99 ${ms(pct(core, 99))} (frame the core emits, ${core.length})`);
  console.log(`   p99 above the plain subscriber: ${ms(pct(page_, 99) - pct(plain_, 99))} (one frame is 33.3 ms)`);
  console.log(
    `   page above the core's frame (carrier, browser): p50 ${ms(pct(page_, 50) - pct(core, 50))}, ` +
      `p99 ${ms(pct(page_, 99) - pct(core, 99))}`,
  );
}

async function commits(page: Page, url: string): Promise<void> {
  const pub = await mqtt.connectAsync(url, { clientId: 'bench-load', protocolVersion: 4 });
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
  await pub.endAsync();
  const c = (after.commits - before.commits) / elapsed;
  const f = (after.frames - before.frames) / elapsed;
  console.log(
    `2. under ${Math.round(n / elapsed).toLocaleString('en-US')} samples/s published for ${elapsed.toFixed(1)} s:`,
  );
  console.log(
    `   React commits ${c.toFixed(1)}/s, frames applied ${f.toFixed(1)}/s (commits/frames ${(c / f).toFixed(2)})`,
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

const SEEKS = 40;
const SEEK_PAUSE_MS = 600;

/**
 * Opens the recorded session in the timeline and clicks it at random places: from the pointer going down (page time)
 * to the first animation frame after the frame with a new seekSeq was applied, the picture painted.
 */
async function seekToPaint(page: Page): Promise<{ applied: number[]; painted: number[] }> {
  await page.getByTestId('replay-session').selectOption('1');
  await page.getByTestId('replay-open').click();
  await page.getByTestId('replay-session-open').waitFor();
  const bar = page.getByTestId('timeline-bar');
  await page.evaluate(`(() => {
    window.seekTimes = [];
    let down = null;
    let seekSeq = -1;
    document.querySelector('[data-testid="timeline-bar"]').addEventListener('pointerdown', () => { down = performance.now(); }, true);
    window.twinscopeDebug.onFrame((f) => {
      if (f.seekSeq === seekSeq) return;
      seekSeq = f.seekSeq;
      if (down === null) return;
      const from = down;
      down = null;
      const applied = performance.now() - from;
      requestAnimationFrame(() => window.seekTimes.push([applied, performance.now() - from]));
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
  const times = await page.evaluate<[number, number][]>('window.seekTimes');
  return { applied: times.map((t) => t[0]), painted: times.map((t) => t[1]) };
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
    await page.keyboard.press('h');
    const off = await fps(page);
    await page.keyboard.press('h');
    const on2 = await fps(page);
    // Replay seeks next, then back to live for the live measurements.
    const seeks = await seekToPaint(page);
    await page.getByTestId('replay-live').click();
    await page.getByTestId('timeline').and(page.locator('[data-mode="live"]')).waitFor();
    await latency(page, broker.url, dir.path);
    await commits(page, broker.url);
    const renderer = await page.evaluate<string>(RENDERER);
    console.log(`3. scene at 1280×800 (${renderer}):`);
    console.log(
      `   heatmap on ${on.toFixed(1)} and ${on2.toFixed(1)} fps, off ${off.toFixed(1)} fps, ` +
        `ratio on/off ${((on + on2) / 2 / off).toFixed(2)}`,
    );
    const { applied, painted } = seeks;
    console.log(`4. replay seek on the timeline, over ${painted.length} seeks (target: painted within 100 ms):`);
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
