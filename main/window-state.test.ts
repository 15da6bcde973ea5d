import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { currentWindowState, placeWindow, readWindowState, writeWindowState } from './window-state';

const laptop = { workArea: { x: 0, y: 0, width: 1920, height: 1040 } };
const rightMonitor = { workArea: { x: 1920, y: 0, width: 2560, height: 1400 } };
const small = { workArea: { x: 0, y: 0, width: 1280, height: 680 } };

describe('placeWindow', () => {
  it('opens the default size, centred, the first time', () => {
    expect(placeWindow(null, [laptop])).toEqual({ width: 1440, height: 900, maximized: false });
  });

  it('fits the default window on a screen smaller than it', () => {
    expect(placeWindow(null, [small])).toEqual({ width: 1280, height: 680, maximized: false });
  });

  it('restores size, position and maximised state on the monitor it was on', () => {
    const saved = { x: 2100, y: 80, width: 1600, height: 1000, maximized: true };
    expect(placeWindow(saved, [laptop, rightMonitor])).toEqual(saved);
  });

  it('centres the window on the primary display when its monitor is gone', () => {
    const saved = { x: 2100, y: 80, width: 1600, height: 1000, maximized: false };
    expect(placeWindow(saved, [laptop])).toEqual({ width: 1600, height: 1000, maximized: false });
  });

  it('does not restore a window whose title bar would be above the screen or barely visible', () => {
    expect(placeWindow({ x: 100, y: -500, width: 1200, height: 800, maximized: false }, [laptop])).not.toHaveProperty(
      'x',
    );
    expect(placeWindow({ x: 1900, y: 100, width: 1200, height: 800, maximized: false }, [laptop])).not.toHaveProperty(
      'x',
    );
  });

  it('pulls a window that hangs off the edge back onto its display, and shrinks one larger than it', () => {
    expect(placeWindow({ x: 1500, y: 600, width: 1200, height: 800, maximized: false }, [laptop])).toEqual({
      x: 720,
      y: 240,
      width: 1200,
      height: 800,
      maximized: false,
    });
    expect(placeWindow({ x: 0, y: 0, width: 3000, height: 2000, maximized: false }, [small])).toEqual({
      x: 0,
      y: 0,
      width: 1280,
      height: 680,
      maximized: false,
    });
  });
});

describe('window-state.json', () => {
  const dir = mkdtempSync(join(tmpdir(), 'osce-window-state-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips what the window reports on close', () => {
    const file = join(dir, 'a', 'window-state.json');
    const state = currentWindowState({
      getNormalBounds: () => ({ x: 10.4, y: 20, width: 1300, height: 800 }),
      isMaximized: () => true,
    });
    writeWindowState(file, state);
    expect(readWindowState(file)).toEqual({ x: 10, y: 20, width: 1300, height: 800, maximized: true });
  });

  it.each([
    ['not JSON', '{x: 1'],
    ['missing fields', '{"x":1,"y":2}'],
    ['absurd numbers', '{"x":1e12,"y":0,"width":800,"height":600,"maximized":false}'],
    ['extra fields', '{"x":0,"y":0,"width":800,"height":600,"maximized":false,"evil":true}'],
  ])('ignores a file with %s', (_what, content) => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, content);
    expect(readWindowState(file)).toBeNull();
    expect(readFileSync(file, 'utf8')).toBe(content);
  });

  it('reads nothing when there is no file', () => {
    expect(readWindowState(join(dir, 'none.json'))).toBeNull();
  });
});
