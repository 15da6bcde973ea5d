// The whole app in Simplified Chinese or English: chosen in Settings, kept across a reload, and
// following the system's language while the setting is 'System'.
import { test, expect } from './fixtures';

test('the language is chosen in Settings, applies at once and stays after a reload', async ({ app }) => {
  const page = await app.open();
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByTestId('language-select').selectOption('zh-CN');
  await expect(page.getByRole('button', { name: '设置' })).toBeVisible();
  await expect(page.getByRole('button', { name: '录像', exact: true })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await page.reload();
  await expect(page.getByRole('button', { name: '评分', exact: true })).toBeVisible();
  await page.getByRole('button', { name: '设置' }).click();
  await page.getByTestId('language-select').selectOption('en');
  await expect(page.getByRole('button', { name: 'Recordings' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test.describe('with a Chinese system language', () => {
  test.use({ locale: 'zh-CN' });
  test('the app starts in Chinese while the setting is System', async ({ app }) => {
    const page = await app.open();
    await expect(page.getByRole('button', { name: '录像', exact: true })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  });
});
