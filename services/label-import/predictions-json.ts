/**
 * The JSON form of a predictions file, read into the same raw rows as the CSV form, each with
 * its JSON path and the line its object starts on so a problem can be found in an editor.
 */
import type { ImportProblem } from './shared';

export interface RawPrediction {
  line: number | undefined;
  path: string | undefined;
  recordingId: string;
  sha256: string;
  stepId: string;
  score: string;
  correct: string;
  model: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Lines (1-based) where each element of the predictions array starts: the top-level array, or the
 * array under the top-level "predictions" key. A tiny scanner, because JSON.parse forgets lines.
 */
export function predictionLines(text: string): number[] {
  const lines: number[] = [];
  const stack: string[] = [];
  let targetDepth = -1;
  let done = false;
  let expectElement = false;
  let lastRootKey: string | null = null;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\n') {
      line++;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r') continue;
    if (expectElement && stack.length === targetDepth && ch !== ']') {
      lines.push(line);
      expectElement = false;
    }
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (stack.length === 1 && stack[0] === '{') {
        let k = j + 1;
        while (k < text.length && /\s/.test(text[k]!)) k++;
        if (text[k] === ':') lastRootKey = text.slice(i + 1, j);
      }
      i = j;
      continue;
    }
    if (ch === '{' || ch === '[') {
      const isTarget =
        ch === '[' &&
        !done &&
        targetDepth < 0 &&
        (stack.length === 0 || (stack.length === 1 && stack[0] === '{' && lastRootKey === 'predictions'));
      stack.push(ch);
      if (isTarget) {
        targetDepth = stack.length;
        expectElement = true;
      }
      continue;
    }
    if (ch === '}' || ch === ']') {
      if (stack.length === targetDepth) {
        done = true;
        targetDepth = -1;
        expectElement = false;
      }
      stack.pop();
      continue;
    }
    if (ch === ',' && stack.length === targetDepth) expectElement = true;
  }
  return lines;
}

const lineAt = (text: string, offset: number) => text.slice(0, offset).split(/\r\n|\r|\n/).length;

/**
 * Where JSON.parse gave up. V8 names a position for most errors, but for an unexpected token it
 * quotes the text around it instead, so that excerpt is looked up.
 */
function syntaxErrorLine(text: string, message: string): number | undefined {
  const position = /position (\d+)/.exec(message);
  if (position) return lineAt(text, Number(position[1]));
  const excerpt = /^Unexpected token '(.+?)', (?:\.\.\.)?"([\s\S]*?)(?:\.\.\.)?" is not valid JSON$/.exec(message);
  if (!excerpt) return undefined;
  const at = text.indexOf(excerpt[2]!);
  return at < 0 ? undefined : lineAt(text, at + Math.max(0, excerpt[2]!.indexOf(excerpt[1]!)));
}

function field(o: Record<string, unknown>, key: string): string {
  const v = o[key];
  if (v === undefined || v === null) return '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return String(v).trim();
}

const KNOWN = new Set(['recording_id', 'sha256', 'step_id', 'score', 'correct', 'model']);

/** What a predictions file says about the configuration that made it (top-level fields of the JSON form). */
export interface DeclaredSettings {
  promptVersion: string | null;
  task: string | null;
  mode: string | null;
  frames: unknown;
  resolution: unknown;
  detail: unknown;
  audio: unknown;
  temperature: unknown;
  seed: unknown;
}

const NOTHING_DECLARED: DeclaredSettings = {
  promptVersion: null,
  task: null,
  mode: null,
  frames: undefined,
  resolution: undefined,
  detail: undefined,
  audio: undefined,
  temperature: undefined,
  seed: undefined,
};

/** Top-level keys the object form may have besides "predictions". */
const DOCUMENT_KEYS = new Set([
  'model',
  'prompt_version',
  'task',
  'mode',
  'frames',
  'resolution',
  'detail',
  'audio',
  'temperature',
  'seed',
  'predictions',
]);

export function jsonPredictions(
  text: string,
  problems: ImportProblem[],
): { predictions: RawPrediction[] | null; declared: DeclaredSettings } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const line = syntaxErrorLine(text, (err as Error).message);
    problems.push({ ...(line !== undefined ? { line } : {}), message: `not valid JSON: ${(err as Error).message}` });
    return { predictions: null, declared: NOTHING_DECLARED };
  }
  let list: unknown;
  let base = '$';
  let fileModel = '';
  let declared = NOTHING_DECLARED;
  if (Array.isArray(doc)) list = doc;
  else if (isObject(doc) && Array.isArray(doc.predictions)) {
    list = doc.predictions;
    base = '$.predictions';
    fileModel = field(doc, 'model');
    const unknown = Object.keys(doc).filter((k) => !DOCUMENT_KEYS.has(k));
    if (unknown.length > 0) {
      problems.push({
        line: 1,
        path: '$',
        message: `unknown field${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (expected ${[...DOCUMENT_KEYS].join(', ')})`,
      });
    }
    declared = {
      promptVersion: field(doc, 'prompt_version') || null,
      task: field(doc, 'task') || null,
      mode: field(doc, 'mode') || null,
      frames: doc.frames,
      resolution: doc.resolution,
      detail: doc.detail,
      audio: doc.audio,
      temperature: doc.temperature,
      seed: doc.seed,
    };
  } else {
    problems.push({ line: 1, message: 'expected an array of predictions or an object with a "predictions" array' });
    return { predictions: null, declared: NOTHING_DECLARED };
  }
  const lines = predictionLines(text);
  const out: RawPrediction[] = [];
  (list as unknown[]).forEach((item, i) => {
    const path = `${base}[${i}]`;
    const line = lines[i];
    if (!isObject(item)) {
      problems.push({ ...(line !== undefined ? { line } : {}), path, message: 'a prediction must be an object' });
      return;
    }
    const unknown = Object.keys(item).filter((k) => !KNOWN.has(k));
    if (unknown.length > 0) {
      problems.push({
        ...(line !== undefined ? { line } : {}),
        path,
        message: `unknown field${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (expected ${[...KNOWN].join(', ')})`,
      });
      return;
    }
    out.push({
      line,
      path,
      recordingId: field(item, 'recording_id'),
      sha256: field(item, 'sha256'),
      stepId: field(item, 'step_id'),
      score: field(item, 'score'),
      correct: field(item, 'correct'),
      model: field(item, 'model') || fileModel,
    });
  });
  return { predictions: out, declared };
}
