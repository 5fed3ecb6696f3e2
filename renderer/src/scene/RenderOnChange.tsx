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
  }
}

export function RenderOnChange() {
  const invalidate = useThree((s) => s.invalidate);
  const setFrameloop = useThree((s) => s.setFrameloop);
  useEffect(() => {
    const offTwin = useTwin.subscribe((s, prev) => {
      if (s.frame !== prev.frame || s.slamAt !== prev.slamAt) invalidate();
    });
    const offUi = useUi.subscribe(() => invalidate());
    window.twinscopeFrameloop = (mode) => setFrameloop(mode);
    return () => {
      offTwin();
      offUi();
      delete window.twinscopeFrameloop;
    };
  }, [invalidate, setFrameloop]);
  return null;
}
