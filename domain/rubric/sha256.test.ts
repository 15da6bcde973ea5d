import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from './sha256';

const reference = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

describe('sha256Hex', () => {
  it('matches the FIPS 180-4 test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('matches node:crypto across block boundaries and non-ASCII text', () => {
    const samples = ['胸外按压 5–6 cm', 'é'.repeat(40), JSON.stringify({ steps: Array(50).fill('x') })];
    for (let n = 50; n <= 130; n++) samples.push('a'.repeat(n));
    for (const text of samples) expect(sha256Hex(text), `length ${text.length}`).toBe(reference(text));
  });
});
