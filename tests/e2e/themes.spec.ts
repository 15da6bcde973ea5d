// Every screen in the light and the dark theme: text must keep WCAG AA contrast against what is
// behind it, and a screenshot of each screen at 1280x720 and 1920x1080 is kept for a person to
// look at (test-results/themes/, or THEME_SHOTS_DIR).
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { startMarking } from './review-helpers';

test.setTimeout(300_000);

const SHOTS = process.env.THEME_SHOTS_DIR ?? join('test-results', 'themes');
const VIEWPORTS = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
];

interface LowContrast {
  text: string;
  ratio: number;
  color: string;
  background: string;
  where: string;
}

/**
 * Text elements whose colour has less contrast with their background than WCAG AA asks (4.5:1,
 * 3:1 for large text). Disabled controls and text over images, video or gradients are exempt, as
 * WCAG exempts them.
 */
function lowContrast(page: Page): Promise<LowContrast[]> {
  return page.evaluate(() => {
    const parse = (c: string): [number, number, number, number] => {
      const m = c.match(/rgba?\(([^)]+)\)/);
      if (!m) return [0, 0, 0, 0];
      const p = m[1]!
        .split(/[ ,/]+/)
        .filter(Boolean)
        .map(Number);
      return [p[0]!, p[1]!, p[2]!, p[3] ?? 1];
    };
    const over = (top: number[], under: number[]) =>
      [0, 1, 2].map((i) => top[i]! * top[3]! + under[i]! * (1 - top[3]!)).concat(1);
    const lum = (c: number[]) => {
      const [r, g, b] = c.slice(0, 3).map((v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const background = (el: Element): number[] | null => {
      const layers: number[][] = [];
      for (let e: Element | null = el; e; e = e.parentElement) {
        const s = getComputedStyle(e);
        if (s.backgroundImage !== 'none' || ['VIDEO', 'CANVAS', 'IMG'].includes(e.tagName)) return null;
        const c = parse(s.backgroundColor);
        if (c[3] > 0) layers.push(c);
        if (c[3] >= 1) break;
      }
      let acc = [255, 255, 255, 1];
      for (const layer of layers.reverse()) acc = over(layer, acc);
      return acc;
    };
    const out: { text: string; ratio: number; color: string; background: string; where: string }[] = [];
    for (const el of document.querySelectorAll('body *')) {
      const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim());
      if (!own || (!(el as HTMLElement).offsetParent && getComputedStyle(el).position !== 'fixed')) continue;
      if (
        (el as HTMLButtonElement).disabled ||
        el.closest('[disabled], [aria-disabled="true"], .visually-hidden, option')
      )
        continue;
      const s = getComputedStyle(el);
      if (s.visibility === 'hidden' || Number(s.opacity) < 1) continue;
      const bg = background(el);
      if (!bg) continue;
      const fg = over(parse(s.color), bg);
      const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
      const ratio = (a! + 0.05) / (b! + 0.05);
      const size = parseFloat(s.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) {
        out.push({
          text: el.textContent!.trim().slice(0, 40),
          ratio: Math.round(ratio * 100) / 100,
          color: s.color,
          background: `rgb(${bg.slice(0, 3).map(Math.round).join(', ')})`,
          where: `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`,
        });
      }
    }
    return out;
  });
}

const SCREENS: { name: string; open(page: Page): Promise<void> }[] = [
  {
    name: 'recordings',
    open: async (p) => void (await p.getByRole('button', { name: 'Recordings', exact: true }).click()),
  },
  {
    name: 'review-queue',
    open: async (p) => {
      await p.getByRole('button', { name: 'Review', exact: true }).click();
      const back = p.getByTestId('review-screen').getByTitle(/^Back to the list/);
      if (await back.isVisible()) await back.click();
      await expect(p.getByTestId('recording-queue').getByRole('option').first()).toBeVisible();
    },
  },
  {
    name: 'review-screen',
    open: async (p) => {
      await p.getByTestId('recording-queue').getByRole('option').first().click();
      await expect(p.getByTestId('review-screen')).toBeVisible();
    },
  },
  { name: 'rubrics', open: async (p) => void (await p.getByRole('button', { name: 'Rubrics', exact: true }).click()) },
  {
    name: 'rubric-editor',
    open: async (p) => {
      await p.getByRole('button', { name: 'Open cpr', exact: true }).click();
      await expect(p.locator('.rubrics-section .editor')).toBeVisible();
    },
  },
  {
    name: 'reports',
    open: async (p) => {
      await p.getByRole('button', { name: 'Reports', exact: true }).click();
      await expect(p.getByTestId('leaderboard')).toBeVisible();
    },
  },
  {
    name: 'settings',
    open: async (p) => void (await p.getByRole('button', { name: 'Settings', exact: true }).click()),
  },
];

test('every screen keeps readable contrast in the light and the dark theme', async ({ app }) => {
  const page = await app.open();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByTestId('demo-card').getByRole('button', { name: 'Load demo data' }).click();
  await expect(page.getByTestId('demo-banner')).toBeVisible({ timeout: 120_000 });
  await startMarking(page, 'Dr Visitor');

  const problems: Record<string, LowContrast[]> = {};
  for (const theme of ['light', 'dark'] as const) {
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page
      .getByRole('group', { name: 'Colours' })
      .getByLabel(theme === 'light' ? 'Light' : 'Dark')
      .check();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
    for (const viewport of VIEWPORTS) {
      await page.setViewportSize(viewport);
      for (const screen of SCREENS) {
        await screen.open(page);
        await page.waitForTimeout(150);
        await page.screenshot({
          path: join(SHOTS, `${theme}-${viewport.width}x${viewport.height}-${screen.name}.png`),
        });
        const low = await lowContrast(page);
        if (low.length) problems[`${theme} ${screen.name}`] = low;
      }
    }
  }
  expect(problems).toEqual({});
});
