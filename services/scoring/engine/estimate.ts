/**
 * Token estimate before a batch, so an examiner sees roughly what a paid API will bill before
 * anything is sent. Images dominate: frames × the per-image cost of the chosen detail level
 * (OpenAI's published tile rule; local models count differently, so it is only a guide there),
 * plus the rendered prompt text at about four characters per token.
 */
import type { ScoringEstimate } from '../../../contract/scoring';
import type { Rubric } from '../../../domain/rubric/types';
import type { ImageDetail, ProviderConfig } from './provider';
import { frameLabel, renderPrompt, type PromptTemplate } from './prompts';

const LOW_DETAIL_TOKENS = 85;
const TILE_TOKENS = 170;
const CHARS_PER_TOKEN = 4;
/** OpenAI's audio models count about 10 input tokens per second of audio; others differ, so a guide. */
const AUDIO_TOKENS_PER_S = 10;
/** A short rationale, evidence list and JSON punctuation per step. */
const OUTPUT_TOKENS_PER_STEP = 70;

/** Size after fitting the long side to `longSide` (never enlarged), as the frame sampler does. */
export function fittedSize(width: number, height: number, longSide: number): { width: number; height: number } {
  const long = Math.max(width, height);
  if (!(long > 0)) return { width: longSide, height: longSide };
  const f = Math.min(1, longSide / long);
  return { width: Math.round(width * f), height: Math.round(height * f) };
}

/** OpenAI vision pricing: low = 85; high = 85 + 170 per 512-px tile after fitting 2048² and a 768 short side. */
export function imageTokens(detail: ImageDetail, width: number, height: number): number {
  if (detail === 'low') return LOW_DETAIL_TOKENS;
  let w = width;
  let h = height;
  const fit = Math.min(1, 2048 / Math.max(w, h));
  w *= fit;
  h *= fit;
  const shortFit = Math.min(1, 768 / Math.min(w, h));
  w *= shortFit;
  h *= shortFit;
  // 'auto' lets the provider choose; count it as high so the estimate is an upper bound.
  return LOW_DETAIL_TOKENS + TILE_TOKENS * Math.ceil(w / 512) * Math.ceil(h / 512);
}

export interface EstimateItem {
  rubric: Rubric;
  durationS: number;
  width: number;
  height: number;
  /** Clip mode: the spans that will be scored (one request each). */
  spans?: { stepId: string; startS: number; endS: number }[];
  /** The audio is sent with the frames. */
  audio?: boolean;
  /** Steps not asked because they depend on speech and no audio is sent. */
  unheard?: string[];
}

/** The shape the app shows before a batch is the contract's, so the two cannot drift apart. */
export type BatchEstimate = ScoringEstimate;

export function estimateBatch(
  provider: ProviderConfig,
  template: PromptTemplate,
  longSide: number,
  items: readonly EstimateItem[],
): BatchEstimate {
  const est: BatchEstimate = {
    recordings: items.length,
    requests: 0,
    frames: 0,
    imageTokens: 0,
    promptTextTokens: 0,
    inputTokens: 0,
    outputTokens: 0,
    maxOutputTokens: 0,
    perImageTokens: 0,
    audioSeconds: 0,
    audioTokens: 0,
    notAssessableSteps: 0,
  };
  const n = provider.framesPerRequest;
  for (const item of items) {
    const size = fittedSize(item.width, item.height, longSide);
    const perImage = imageTokens(provider.imageDetail, size.width, size.height);
    est.perImageTokens = Math.max(est.perImageTokens, perImage);
    const unheard = new Set(item.unheard ?? []);
    est.notAssessableSteps += unheard.size;
    const asked = item.rubric.steps.filter((s) => !unheard.has(s.id));
    const requests =
      template.mode === 'full'
        ? asked.length
          ? [{ steps: asked, fromS: 0, toS: item.durationS }]
          : []
        : (item.spans ?? []).flatMap((s) => {
            const step = asked.find((x) => x.id === s.stepId);
            return step ? [{ steps: [step], fromS: s.startS, toS: s.endS }] : [];
          });
    for (const r of requests) {
      const times = Array.from({ length: n }, (_, i) => r.fromS + ((i + 0.5) * (r.toS - r.fromS)) / n);
      const p = renderPrompt(template, {
        rubric: item.rubric,
        steps: r.steps,
        durationS: item.durationS,
        frameTimesS: times,
        ...(template.mode === 'clips' ? { span: { startS: r.fromS, endS: r.toS } } : {}),
        audio: item.audio === true,
        unheard: template.mode === 'full' ? item.rubric.steps.filter((s) => unheard.has(s.id)) : [],
      });
      const labels = times.map((t, i) => frameLabel(i, n, t)).join('');
      const chars = p.system.length + p.user.length + (p.closing?.length ?? 0) + labels.length;
      const text = Math.ceil(chars / CHARS_PER_TOKEN);
      est.requests++;
      est.frames += n;
      est.imageTokens += n * perImage;
      est.promptTextTokens += text;
      est.outputTokens += Math.min(provider.maxOutputTokens, OUTPUT_TOKENS_PER_STEP * r.steps.length);
      est.maxOutputTokens += provider.maxOutputTokens;
      if (item.audio) {
        est.audioSeconds += r.toS - r.fromS;
        est.audioTokens += Math.ceil((r.toS - r.fromS) * AUDIO_TOKENS_PER_S);
      }
    }
  }
  est.inputTokens = est.imageTokens + est.promptTextTokens + est.audioTokens;
  return est;
}
