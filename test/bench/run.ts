/**
 * `npm run bench -- NAME`: runs test/bench/NAME.bench.ts. Each benchmark prints its figures and, where it has one,
 * the limit it is measured against in the same run, with the ratio. Figures are measured, never hard-coded.
 */
import { readdirSync } from 'node:fs';

const dir = new URL('./', import.meta.url);
const available = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .sort();

const names = process.argv.slice(2);
if (names.length === 0) {
  console.error(`usage: npm run bench -- NAME...\navailable: ${available.join(', ')}`);
  process.exit(2);
}
for (const name of names) {
  if (!available.includes(name)) {
    console.error(`no benchmark "${name}"; available: ${available.join(', ')}`);
    process.exit(2);
  }
}
for (const name of names) {
  console.log(`== ${name}`);
  const mod = (await import(new URL(`./${name}.bench.ts`, dir).href)) as { run: () => Promise<void> };
  await mod.run();
}
