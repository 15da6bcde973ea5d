// The providers card turns the backend's English refusals into the reader's words by matching
// their wording: these tests feed it the backend's real messages, so a reworded message fails here.
import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { I18N_OPTIONS } from '../../domain/i18n/translator';
import '../../domain/i18n/augment';
import { parseProviderConfig } from '../../services/scoring/engine/provider';
import { ProviderConfigError } from '../../services/scoring/engine/errors';
import { fieldProblem } from '../../renderer/src/sections/settings/provider-words';

const i18n = i18next.createInstance();
void i18n.init({ ...I18N_OPTIONS, lng: 'zh-CN' });
const zh = i18n.getFixedT('zh-CN', 'settings');

/** The message the form receives for a base URL the backend refuses (as saveModelProvider passes it on). */
function refusal(baseUrl: string): string {
  try {
    parseProviderConfig({ kind: 'local', baseUrl, model: 'm' });
  } catch (err) {
    if (err instanceof ProviderConfigError) return err.message.replace(/^provider setting \S+: /, '');
    throw err;
  }
  throw new Error(`${baseUrl} was accepted`);
}

describe('base URL refusals in Chinese', () => {
  it('names each reason the backend gives', () => {
    expect(fieldProblem(zh, 'baseUrl', refusal('lab gpu'))).toBe(
      '“lab gpu”不是有效地址（应类似 http://127.0.0.1:11434/v1）。',
    );
    expect(fieldProblem(zh, 'baseUrl', refusal('ftp://gpu/v1'))).toBe('地址必须以 http:// 或 https:// 开头。');
    expect(fieldProblem(zh, 'baseUrl', refusal('http://u:p@gpu/v1'))).toContain('不得包含用户名或密码');
    expect(fieldProblem(zh, 'baseUrl', refusal('http://gpu/v1?key=1'))).toContain('不得包含 ?查询参数');
  });
});
