// The TypeScript reference implementation of the wire protocol (electron/core/protocol), bundled on the fly with
// esbuild so plain Node can call it: the firmware tests compare the C++ output with it. Null without esbuild.
import { existsSync } from 'node:fs';

let cached;

export async function loadReference(repoRoot) {
  if (cached !== undefined) return cached;
  cached = null;
  const dir = `${repoRoot}/electron/core/protocol`;
  if (!existsSync(`${dir}/encode.ts`) || !existsSync(`${dir}/decode.ts`)) return cached;
  try {
    const { build } = await import('esbuild');
    const out = await build({
      stdin: {
        contents: [
          `export { formatNumber, encodeMessage } from ${JSON.stringify(`${dir}/encode.ts`)};`,
          `export { decodeLine } from ${JSON.stringify(`${dir}/decode.ts`)};`,
        ].join('\n'),
        resolveDir: repoRoot,
        loader: 'ts',
      },
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      logLevel: 'silent',
    });
    cached = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
  } catch {
    cached = null;
  }
  return cached;
}
