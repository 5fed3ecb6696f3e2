// `npm run bench -- NAME...`: runs test/bench/NAME.bench.ts. Each benchmark prints its figures and, where it has
// one, the limit it is measured against in the same run, with the ratio. Figures are measured, never hard-coded.
//
// A benchmark is bundled with esbuild first and run as plain JavaScript, as the app and the CLI run (bundled by
// electron-vite and scripts/build-cli.mjs). The tests' TypeScript loader keeps function names by wrapping every named
// closure in a defineProperty call; in the twin engine's hot loop that alone cost a fifth of a seek, a cost no user
// pays.
import { build } from 'esbuild';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const benchDir = fileURLToPath(new URL('../test/bench/', import.meta.url));
// Inside the checkout, so the bundle's bare imports resolve from node_modules as the sources' do.
const outDir = fileURLToPath(new URL('../node_modules/.cache/twinscope-bench/', import.meta.url));

const available = readdirSync(benchDir)
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

/** Each source file keeps its own import.meta.url (paths to fixtures and sites are relative to it). */
const ownMetaUrl = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replaceAll(
        'import.meta.url',
        JSON.stringify(pathToFileURL(args.path).href),
      ),
      loader: 'ts',
    }));
  },
};

process.setSourceMapsEnabled(true);
for (const name of names) {
  const outfile = `${outDir}${name}.bench.mjs`;
  await build({
    entryPoints: [`${benchDir}${name}.bench.ts`],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'warning',
    plugins: [ownMetaUrl],
  });
  console.log(`== ${name}`);
  const mod = await import(pathToFileURL(outfile).href);
  await mod.run();
}
