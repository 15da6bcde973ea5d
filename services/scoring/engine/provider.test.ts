import { describe, expect, it } from 'vitest';
import { builtinRubric } from '../../../domain/rubric/builtin';
import { CONSENT_SCOPE, MASKED_CONSENT_SCOPE, needsConsent, recordConsent, describeOutbound } from './consent';
import { ProviderConfigError, MissingApiKeyError } from './errors';
import { estimateBatch, imageTokens, fittedSize } from './estimate';
import { loadPromptTemplate } from './prompts';
import { classifyHost, parseProviderConfig } from './provider';
import { backoffDelayMs, retryAfterMs, DEFAULT_BACKOFF } from './retry';
import { envSecretSource, resolveApiKey } from './secrets';
import { redact } from '../../core/log';
import { openTestDb } from '../../../tests/support/scoring-fixtures';

describe('provider settings', () => {
  it('fills defaults and strips a trailing slash', () => {
    const p = parseProviderConfig({ kind: 'local', baseUrl: 'http://127.0.0.1:11434/v1/', model: 'qwen2.5-vl' });
    expect(p).toMatchObject({
      baseUrl: 'http://127.0.0.1:11434/v1',
      framesPerRequest: 16,
      imageDetail: 'low',
      concurrency: 4,
      temperature: 0,
    });
    expect(p.seed).toBeUndefined();
  });

  it('takes the token parameter and face masking from the kind the user chose, never from the host', () => {
    // A GPU box on the lab network chosen as a lab server: no key, max_tokens, no masking unless asked.
    const lab = parseProviderConfig({ kind: 'local', baseUrl: 'http://192.168.1.50:8000/v1', model: 'qwen2.5-vl' });
    expect(lab).toMatchObject({ tokenParameter: 'max_tokens', maskFaces: false });
    const api = parseProviderConfig({ kind: 'api', baseUrl: 'http://127.0.0.1:9/v1', model: 'gpt-4o' });
    expect(api).toMatchObject({ tokenParameter: 'max_completion_tokens', maskFaces: true });
    expect(
      parseProviderConfig({
        kind: 'api',
        baseUrl: 'https://api.openai.com/v1',
        model: 'm',
        maskFaces: false,
        tokenParameter: 'max_tokens',
      }),
    ).toMatchObject({
      maskFaces: false,
      tokenParameter: 'max_tokens',
    });
  });

  it('names the bad field', () => {
    expect(() => parseProviderConfig({ kind: 'api', baseUrl: 'ftp://x', model: 'm' })).toThrow(
      /baseUrl: must start with http/,
    );
    expect(() => parseProviderConfig({ kind: 'api', baseUrl: 'https://u:p@api.example.com/v1', model: 'm' })).toThrow(
      ProviderConfigError,
    );
    expect(() =>
      parseProviderConfig({ kind: 'api', baseUrl: 'https://api.example.com/v1?key=abc', model: 'm' }),
    ).toThrow(/query/);
    expect(() => parseProviderConfig({ kind: 'api', baseUrl: 'https://api.example.com/v1', model: ' ' })).toThrow(
      /model/,
    );
    expect(() =>
      parseProviderConfig({ kind: 'api', baseUrl: 'https://api.example.com/v1', model: 'm', imageDetail: 'ultra' }),
    ).toThrow(/imageDetail/);
    expect(() =>
      parseProviderConfig({ kind: 'api', baseUrl: 'https://api.example.com/v1', model: 'm', concurrency: 0 }),
    ).toThrow(/concurrency/);
  });

  it('classifies loopback, this machine and remote hosts', () => {
    const own = new Set(['192.168.1.20', 'lab-pc']);
    expect(classifyHost('http://127.0.0.1:8080/v1', own).location).toBe('loopback');
    expect(classifyHost('http://localhost:11434/v1', own).location).toBe('loopback');
    expect(classifyHost('http://[::1]:1234/v1', own).location).toBe('loopback');
    expect(classifyHost('http://192.168.1.20:8000/v1', own).location).toBe('this-machine');
    expect(classifyHost('http://lab-pc:8000/v1', own).location).toBe('this-machine');
    expect(classifyHost('http://192.168.1.21:8000/v1', own).location).toBe('remote');
    expect(classifyHost('https://api.openai.com/v1', own)).toEqual({
      host: 'api.openai.com',
      origin: 'https://api.openai.com',
      location: 'remote',
    });
  });
});

describe('consent', () => {
  it('is needed once per remote endpoint and never for loopback', () => {
    const { db } = openTestDb();
    const remote = { baseUrl: 'https://api.openai.com/v1' };
    expect(needsConsent(db, { baseUrl: 'http://127.0.0.1:9/v1' })).toBe(false);
    expect(needsConsent(db, remote)).toBe(true);
    recordConsent(db, remote, undefined, 'examiner A');
    expect(needsConsent(db, remote)).toBe(false);
    expect(needsConsent(db, { baseUrl: 'https://other.example.com/v1' })).toBe(true);
    expect(db.prepare(`SELECT actor, action FROM audit_events WHERE action = 'consent'`).get()).toEqual({
      actor: 'examiner A',
      action: 'consent',
    });
  });

  it('consent to masked frames does not cover unmasked ones, and unmasked consent covers both', () => {
    const { db } = openTestDb();
    const masked = { baseUrl: 'https://api.openai.com/v1', maskFaces: true };
    const unmasked = { baseUrl: 'https://api.openai.com/v1', maskFaces: false };
    recordConsent(db, masked, MASKED_CONSENT_SCOPE, 'examiner A');
    expect(needsConsent(db, masked)).toBe(false);
    expect(needsConsent(db, unmasked)).toBe(true);
    recordConsent(db, unmasked, CONSENT_SCOPE, 'examiner A');
    expect(needsConsent(db, unmasked)).toBe(false);
    // A later masked agreement does not narrow the wider one.
    recordConsent(db, masked, MASKED_CONSENT_SCOPE, 'examiner B');
    expect(needsConsent(db, unmasked)).toBe(false);
  });

  it('says exactly what leaves the machine, and whether faces are masked', () => {
    const provider = { baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o', framesPerRequest: 16, maskFaces: true };
    const text = describeOutbound({ provider, mode: 'full', recordings: 3, longSide: 768 });
    expect(text).toContain('16 still frames of each recording');
    expect(text).toContain("the station's rubric text to api.openai.com");
    expect(text).toContain('Faces are detected on this computer and blurred in every frame before it is sent');
    expect(text).toContain('No candidate names');
    expect(
      describeOutbound({ provider: { ...provider, maskFaces: false }, mode: 'full', recordings: 3, longSide: 768 }),
    ).toContain('Faces are NOT masked');
  });
});

describe('API keys', () => {
  it('reads the named variable, registers it for redaction, and requires it for an API provider', async () => {
    const key = 'sk-test-DISTINCTIVE-0123456789';
    const api = parseProviderConfig({ kind: 'api', baseUrl: 'https://api.example.com/v1', model: 'm' });
    expect(await resolveApiKey(envSecretSource({ MY_KEY: key }, 'MY_KEY'), api)).toEqual({ key, real: true });
    expect(redact(`Authorization failed for ${key}`)).toBe('Authorization failed for [redacted]');
    await expect(resolveApiKey(envSecretSource({}, 'MY_KEY'), api)).rejects.toThrow(MissingApiKeyError);
    await expect(resolveApiKey(envSecretSource({}, 'MY_KEY'), api)).rejects.toThrow(
      /environment variable MY_KEY is not set/,
    );
    const local = parseProviderConfig({ kind: 'local', baseUrl: 'http://127.0.0.1:1/v1', model: 'm' });
    expect(await resolveApiKey(envSecretSource({}, 'MY_KEY'), local)).toEqual({ key: 'no-key', real: false });
  });
});

describe('retry timing', () => {
  const headers = (h: Record<string, string>) => ({ get: (n: string) => h[n] ?? null });
  it('honours retry-after in seconds, as a date and in ms, capped', () => {
    expect(retryAfterMs(headers({ 'retry-after': '2' }))).toBe(2000);
    expect(retryAfterMs(headers({ 'retry-after-ms': '150' }))).toBe(150);
    expect(retryAfterMs(headers({ 'retry-after': new Date(10_000).toUTCString() }), 4000)).toBe(6000);
    expect(retryAfterMs(headers({}))).toBeNull();
    expect(backoffDelayMs(1, 3_600_000, DEFAULT_BACKOFF)).toBe(DEFAULT_BACKOFF.maxRetryAfterMs);
  });
  it('backs off exponentially with jitter and a cap', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 10].map((n) => backoffDelayMs(n, null, DEFAULT_BACKOFF, mid))).toEqual([
      1000, 2000, 4000, 8000, 30000,
    ]);
    expect(backoffDelayMs(1, null, DEFAULT_BACKOFF, () => 0)).toBe(800);
  });
});

describe('batch estimate', () => {
  it('follows the published per-image token rule', () => {
    expect(imageTokens('low', 768, 432)).toBe(85);
    expect(imageTokens('high', 768, 432)).toBe(85 + 170 * 2);
    expect(imageTokens('high', 768, 768)).toBe(85 + 170 * 4);
    expect(imageTokens('auto', 768, 432)).toBe(imageTokens('high', 768, 432));
    expect(fittedSize(1920, 1080, 768)).toEqual({ width: 768, height: 432 });
    expect(fittedSize(320, 180, 768)).toEqual({ width: 320, height: 180 });
  });

  it('is frames × per-image tokens plus the prompt text', () => {
    const bmv = builtinRubric('bmv')!;
    const provider = parseProviderConfig({
      kind: 'api',
      baseUrl: 'https://api.example.com/v1',
      model: 'm',
      framesPerRequest: 8,
      imageDetail: 'high',
    });
    const e = estimateBatch(provider, loadPromptTemplate('score', 'full'), 768, [
      { rubric: bmv, durationS: 30, width: 1280, height: 720 },
      { rubric: bmv, durationS: 40, width: 1280, height: 720 },
    ]);
    expect(e).toMatchObject({ recordings: 2, requests: 2, frames: 16, perImageTokens: 425, imageTokens: 16 * 425 });
    expect(e.promptTextTokens).toBeGreaterThan(500);
    expect(e.inputTokens).toBe(e.imageTokens + e.promptTextTokens);
    const clips = estimateBatch(provider, loadPromptTemplate('binary', 'clips'), 768, [
      {
        rubric: bmv,
        durationS: 30,
        width: 1280,
        height: 720,
        spans: [
          { stepId: 'bmv.mask_seal', startS: 3, endS: 9 },
          { stepId: 'bmv.airway_opening', startS: 1, endS: 3 },
        ],
      },
    ]);
    expect(clips).toMatchObject({ requests: 2, frames: 16 });
  });
});
