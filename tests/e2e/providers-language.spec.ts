// Settings › Model providers in Simplified Chinese: presets, field problems, the connection test's
// verdict and findings (with a server's own refusal quoted), and no serious axe-core finding in
// either theme. The English card is covered by scoring.spec.ts.
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai';
import { expectAccessible } from './axe';
import { test, expect } from './fixtures';

test.use({ locale: 'zh-CN' });

let fake: FakeOpenAI;
test.beforeEach(async () => {
  fake = await startFakeOpenAI({ models: ['fake-vision', 'other-model'] });
});
test.afterEach(async () => {
  await fake.close();
});

test('the model providers card speaks Chinese: presets, problems, connection verdict and findings', async ({ app }) => {
  const page = await app.open();
  await page.emulateMedia({ colorScheme: 'light' });
  await page.getByRole('button', { name: '设置', exact: true }).click();
  const card = page.getByTestId('model-providers');
  await expect(card.getByRole('heading', { name: '模型服务' })).toBeVisible();
  await expect(card.getByTestId('no-providers')).toContainText('尚未添加模型服务');

  await card.getByRole('button', { name: '添加本地服务器' }).click();
  const form = card.getByTestId('provider-form');
  await expect(form.getByLabel('预设')).toHaveValue('ollama');
  await expect(form.getByTestId('preset-note')).toContainText('图像需要视觉模型');
  await form.getByLabel('预设').selectOption({ label: 'llama.cpp 服务器' });
  await expect(form.getByTestId('preset-note')).toContainText('图像需要以 --mmproj 启动服务器');
  await expect(form.getByLabel('模型', { exact: true })).toHaveAttribute('placeholder', '服务器启动时加载的模型');

  // Refused fields are named in Chinese, not in the contract's English.
  await form.getByLabel('基础 URL', { exact: true }).fill('ftp://lab-gpu/v1');
  await form.getByLabel('模型', { exact: true }).fill('fake-vision');
  await form.getByRole('button', { name: '添加服务' }).click();
  await expect(form).toContainText('地址必须以 http:// 或 https:// 开头。');
  await expect(form).toContainText('请检查标出的字段。');

  await form.getByLabel('名称', { exact: true }).fill('实验室 GPU');
  await form.getByLabel('基础 URL', { exact: true }).fill(fake.url);
  await form.getByLabel('每次请求的帧数', { exact: true }).fill('4');
  await form.getByRole('button', { name: '添加服务' }).click();
  const table = card.getByTestId('providers-table');
  await expect(table).toContainText('实验室 GPU');
  await expect(table).toContainText('本地服务器');
  await expect(table).toContainText('本机');
  await expect(card.getByTestId('capabilities-none')).toContainText('尚未测试');

  // A model without vision: the verdict and the finding in Chinese, the server's own words quoted.
  fake.setProfile({ noImages: true });
  await card.getByRole('button', { name: '测试连接' }).click();
  await expect(card.getByTestId('connection-verdict')).toHaveText('仍有问题，详见下方。');
  const checks = card.getByTestId('connection-checks');
  await expect(checks).toContainText('列出 2 个模型，其中包括 fake-vision');
  await expect(checks).toContainText('不接收图像，而评分需要图像。服务器回复：image input is not supported');
  await expect(card.getByTestId('capabilities')).toContainText('不支持 — 该模型无法用于评分');
  await expectAccessible(page, 'model providers (Chinese, a failed connection test)');

  fake.setProfile({ responseFormats: ['json_object'] });
  await card.getByRole('button', { name: '测试连接' }).click();
  await expect(card.getByTestId('connection-verdict')).toHaveText(/^可以使用：.* 上的 fake-vision 按要求应答。$/);
  await expect(checks).toContainText('以JSON 模式（json_object，模式写在提示词中）应答');
  await expect(card.getByTestId('capabilities')).toContainText('回答格式：JSON 模式（模式写在提示词中）');
  await expect(card.getByTestId('capabilities')).toContainText('图像：支持');
  await expect(card).not.toContainText('Test connection');
  await expect(card).not.toContainText('Answer format');
  await expectAccessible(page, 'model providers (Chinese, light)');

  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  await expectAccessible(page, 'model providers (Chinese, dark)');
});
