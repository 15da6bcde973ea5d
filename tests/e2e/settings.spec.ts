/**
 * Issue 14 item 8: every settings save confirms or explains, in words (the fields' labels, never
 * their internal names); a media tool path that does not exist is refused visibly. Settings in
 * Chinese, and axe on the screen.
 */
import { test, expect } from './fixtures';
import { expectAccessible } from './axe';

test('settings saves confirm, and refusals are explained in words next to the fields', async ({ app }) => {
  const page = await app.open();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expectAccessible(page, 'settings (light)');

  const tools = page.getByRole('form', { name: 'Media tools' });
  await tools.getByLabel('ffmpeg path').fill('/no/such/folder/ffmpeg');
  await tools.getByRole('button', { name: 'Save paths' }).click();
  const toolStatus = page.getByTestId('tool-paths-status');
  await expect(toolStatus).toHaveAttribute('role', 'alert');
  await expect(toolStatus).toContainText(
    'The ffmpeg path "/no/such/folder/ffmpeg" does not exist. Check the spelling, or leave the field empty',
  );
  await expect(toolStatus).not.toContainText('ffmpegPath');
  await tools.getByLabel('ffmpeg path').fill('');
  await tools.getByRole('button', { name: 'Save paths' }).click();
  await expect(toolStatus).toHaveText('Media tool paths saved.');

  const card = page.getByTestId('backups-card');
  await card.getByLabel('Backups kept').fill('0');
  await card.getByRole('button', { name: 'Save backup options' }).click();
  const backupStatus = card.getByTestId('backup-options-status');
  await expect(backupStatus).toContainText('Keep between 1 and 365 backups (a whole number).');
  await expect(backupStatus).not.toContainText('backupKeep');
  await card.getByLabel('Backup folder').fill('relative/folder');
  await card.getByLabel('Backups kept').fill('3');
  await card.getByRole('button', { name: 'Save backup options' }).click();
  await expect(backupStatus).toContainText('Backup folder: the backup folder must be a full path');
  await card.getByLabel('Backup folder').fill('');
  await card.getByRole('button', { name: 'Save backup options' }).click();
  await expect(backupStatus).toHaveText('Backup options saved.');

  await page.getByLabel(/Copy imported recordings/).click();
  await expect(page.getByText('Copy imported recordings saved.')).toBeVisible();

  await page.getByRole('group', { name: 'Colours' }).getByLabel('Dark').check();
  await expect(page.getByTestId('appearance-status')).toHaveText('Settings saved.');
  await expectAccessible(page, 'settings (dark, after saves)');
});

test.describe('in Chinese', () => {
  test.use({ locale: 'zh-CN' });

  test('the settings screens are in Chinese, saves confirmed in Chinese', async ({ app }) => {
    const page = await app.open();
    await page.getByRole('button', { name: '设置', exact: true }).click();
    await expect(page.getByRole('heading', { name: '设置', level: 1 })).toBeVisible();
    for (const title of ['数据', '媒体工具', '备份', '考试数据包', '演示数据', '系统检查'])
      await expect(page.getByRole('heading', { name: title, level: 2, exact: true })).toBeVisible();
    const card = page.getByTestId('backups-card');
    await card.getByLabel('保留的备份数').fill('0');
    await card.getByRole('button', { name: '保存备份选项' }).click();
    await expect(card.getByTestId('backup-options-status')).toContainText('请保留 1 到 365 份备份');
    await card.getByLabel('保留的备份数').fill('4');
    await card.getByRole('button', { name: '保存备份选项' }).click();
    await expect(card.getByTestId('backup-options-status')).toHaveText('备份选项已保存。');
    await expect(page.getByTestId('bundles-card')).toContainText('没有未决定的差异');
    await expectAccessible(page, 'settings in Chinese');
  });
});
