/**
 * The main window's size, position and maximised state, remembered across restarts in
 * window-state.json (user-data folder), and never restored off-screen: a monitor unplugged since
 * last time, or a hand-edited file, gives the default window centred on the primary display.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Display {
  workArea: Rect;
}

const DEFAULT_SIZE = { width: 1440, height: 900 };
export const MIN_SIZE = { width: 1024, height: 700 };
/** How much of the title bar must be on a screen for the window to be grabbed and moved. */
const GRAB = { width: 120, height: 32 };

const SavedState = z
  .object({
    x: z.number().int().min(-100_000).max(100_000),
    y: z.number().int().min(-100_000).max(100_000),
    width: z.number().int().min(1).max(100_000),
    height: z.number().int().min(1).max(100_000),
    maximized: z.boolean(),
  })
  .strict();
export type WindowState = z.infer<typeof SavedState>;

/** Where to open the window: x and y are absent when it should be centred. */
export interface Placement {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

/** The saved state, or null when there is none or it is not a state this app wrote. */
export function readWindowState(file: string): WindowState | null {
  try {
    const parsed = SavedState.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Written to a temporary file and renamed, so a crash mid-write never leaves half a file. */
export function writeWindowState(file: string, state: WindowState): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(`${file}.tmp`, JSON.stringify(state));
    renameSync(`${file}.tmp`, file);
  } catch {
    // Losing the window position is not worth an error on quit (read-only or full disk).
  }
}

function overlap(a: Rect, b: Rect): Rect | null {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : null;
}

/** Chooses the window's first bounds from the saved state and the displays connected now. */
export function placeWindow(saved: WindowState | null, displays: Display[]): Placement {
  const primary = displays[0]?.workArea ?? { x: 0, y: 0, ...DEFAULT_SIZE };
  const fit = (area: Rect, want: { width: number; height: number }) => ({
    width: Math.min(Math.max(want.width, Math.min(MIN_SIZE.width, area.width)), area.width),
    height: Math.min(Math.max(want.height, Math.min(MIN_SIZE.height, area.height)), area.height),
  });
  if (!saved) return { ...fit(primary, DEFAULT_SIZE), maximized: false };

  const titleBar = { x: saved.x, y: saved.y, width: saved.width, height: GRAB.height };
  const home = displays.find((d) => {
    const seen = overlap(titleBar, d.workArea);
    return (
      seen !== null &&
      seen.width >= Math.min(GRAB.width, saved.width) &&
      seen.height >= Math.min(GRAB.height, saved.height)
    );
  });
  if (!home) return { ...fit(primary, saved), maximized: saved.maximized };

  const size = fit(home.workArea, saved);
  // Keep it where it was, pulled inside its display if the display became smaller.
  const area = home.workArea;
  const x = Math.min(Math.max(saved.x, area.x), area.x + area.width - size.width);
  const y = Math.min(Math.max(saved.y, area.y), area.y + area.height - size.height);
  return { x, y, ...size, maximized: saved.maximized };
}

/** What to save when the window closes: its normal (not maximised) bounds and whether it was maximised. */
export function currentWindowState(win: { getNormalBounds(): Rect; isMaximized(): boolean }): WindowState {
  const b = win.getNormalBounds();
  return {
    x: Math.round(b.x),
    y: Math.round(b.y),
    width: Math.round(b.width),
    height: Math.round(b.height),
    maximized: win.isMaximized(),
  };
}
