/** The main window's size and position, remembered between runs (a small JSON file in the user data folder). */
import { readFileSync, writeFileSync } from 'node:fs';
import type { BrowserWindow, Rectangle } from 'electron';

const DEFAULT = { width: 1280, height: 800 };

/** Saved bounds when they still fit on one of the displays (a monitor may have been unplugged). */
export function loadBounds(file: string, displays: readonly Rectangle[]): Partial<Rectangle> & typeof DEFAULT {
  try {
    const b = JSON.parse(readFileSync(file, 'utf8')) as Rectangle;
    const fits = displays.some(
      (d) => b.x >= d.x && b.y >= d.y && b.x + b.width <= d.x + d.width && b.y + b.height <= d.y + d.height,
    );
    if (fits && b.width >= 640 && b.height >= 480) return b;
  } catch {
    /* first run or unreadable: defaults */
  }
  return DEFAULT;
}

export function rememberBounds(win: BrowserWindow, file: string): void {
  const save = (): void => {
    if (win.isDestroyed() || win.isMinimized() || win.isMaximized()) return;
    try {
      writeFileSync(file, JSON.stringify(win.getBounds()));
    } catch {
      /* not worth failing the app over */
    }
  };
  win.on('resized', save);
  win.on('moved', save);
  win.on('close', save);
}
