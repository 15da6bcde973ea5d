import { describe, expect, it } from 'vitest';
import { resolveLocale } from '../domain/i18n/locales';
import { systemLanguages } from './locale';

describe('system languages', () => {
  it('lists the preferred system languages, then Chromium’s locale', () => {
    const app = { getPreferredSystemLanguages: () => ['zh-Hans-CN', 'en-US'], getLocale: () => 'zh-CN' };
    expect(systemLanguages(app)).toEqual(['zh-Hans-CN', 'en-US', 'zh-CN']);
    expect(resolveLocale('system', systemLanguages(app))).toBe('zh-CN');
  });

  it('falls back to English when the system says nothing (before the app is ready)', () => {
    const app = { getPreferredSystemLanguages: () => [], getLocale: () => '' };
    expect(resolveLocale('system', systemLanguages(app))).toBe('en');
    expect(resolveLocale('zh-CN', systemLanguages(app))).toBe('zh-CN');
  });
});
