/**
 * Whether WebGL is software-rendered here (SwiftShader, llvmpipe: no GPU, or a browser started with --disable-gpu).
 * There every fragment costs CPU time the page's main thread waits for (the compositor reads each drawn picture back),
 * so the scene draws without multisampling, which multiplies that cost. Asked once, of a throwaway context.
 */
const SOFTWARE = /swiftshader|llvmpipe|softpipe|software/i;

function probe(): boolean {
  const canvas = document.createElement('canvas');
  const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
  if (!gl) return false;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : '';
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return SOFTWARE.test(renderer);
}

let answer: boolean | undefined;

export function softwareRendered(): boolean {
  return (answer ??= probe());
}
