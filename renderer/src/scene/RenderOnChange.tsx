/**
 * The scene renders on demand: when a frame of the twin arrives, when the user changes what it shows, and while
 * something animates (the door turning, a slam's pulse, the camera flying or easing). A software-rendered WebGL
 * (no GPU) otherwise spends the page's main thread drawing the same picture 60 times a second, and every frame from
 * the core waits behind that.
 */
import { useThree } from '@react-three/fiber';
import { useEffect } from 'react';
import { useTwin } from '../state/twinStore';
import { useUi } from '../state/uiStore';

declare global {
  interface Window {
    /** For benchmarks: draw every animation frame ('always') to measure the scene's cost, or back to 'demand'. */
    twinscopeFrameloop?: (mode: 'always' | 'demand') => void;
    /**
     * For benchmarks: draws the scene `n` times back to back, each one waited for (a pixel read back), and returns
     * the ms per picture: its cost, where frames per second stop at the display's rate.
     */
    twinscopeDrawCost?: (n: number) => number;
  }
}

export function RenderOnChange() {
  const invalidate = useThree((s) => s.invalidate);
  const setFrameloop = useThree((s) => s.setFrameloop);
  const get = useThree((s) => s.get);
  useEffect(() => {
    const offTwin = useTwin.subscribe((s, prev) => {
      if (s.frame !== prev.frame || s.slamAt !== prev.slamAt) invalidate();
    });
    const offUi = useUi.subscribe(() => invalidate());
    window.twinscopeFrameloop = (mode) => setFrameloop(mode);
    window.twinscopeDrawCost = (n) => {
      const { gl, scene, camera } = get();
      const ctx = gl.getContext();
      const pixel = new Uint8Array(4);
      const start = performance.now();
      for (let i = 0; i < n; i++) {
        gl.render(scene, camera);
        ctx.readPixels(0, 0, 1, 1, ctx.RGBA, ctx.UNSIGNED_BYTE, pixel);
      }
      return (performance.now() - start) / n;
    };
    return () => {
      offTwin();
      offUi();
      delete window.twinscopeFrameloop;
      delete window.twinscopeDrawCost;
    };
  }, [invalidate, setFrameloop, get]);
  return null;
}
