/**
 * Face detection on this machine: the BlazeFace model that ships inside the @vladmandic/human npm
 * package, run by TensorFlow.js's WebAssembly backend (its .wasm files ship inside
 * @tensorflow/tfjs-backend-wasm). Nothing is downloaded: the model is read from the package's own
 * files through a file:// loader registered here, because tfjs-core alone only knows http(s).
 *
 * One detector per process, loaded on first use (about 0.1–0.5 s) and shared by every batch.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { FaceMaskingError } from './errors';

/** A face in pixel coordinates of the image it was found in. */
export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
  /** Detector confidence 0–1. */
  score: number;
}

export interface RgbImage {
  /** Packed RGB, 3 bytes per pixel, rows top to bottom. */
  data: Buffer;
  width: number;
  height: number;
}

export interface FaceDetector {
  /** Which model and backend, recorded with every masked run. */
  readonly description: string;
  detect(image: RgbImage): Promise<FaceBox[]>;
}

/**
 * Detections at or above this are masked. Measured on the package's photographs, real faces score
 * 0.5–0.95 and partly hidden or small ones down to about 0.35; on ffmpeg's colourful test pattern,
 * false alarms reach 0.2–0.57. Masking a stray patch is the cheaper error, so this stays low; the
 * default of the library (0.2) masked a dozen patches of every test-pattern frame.
 */
const MIN_FACE_SCORE = 0.3;
const MAX_FACES = 50;

// The slice of the Human API used here; its own type file is not reachable through its exports map.
interface HumanTensor {
  dispose(): void;
}
interface HumanTf {
  tensor4d(values: Uint8Array, shape: [number, number, number, number], dtype: 'int32'): HumanTensor;
  io: { registerLoadRouter(router: (url: string | string[]) => unknown): void };
  getBackend(): string;
}
interface HumanInstance {
  tf: HumanTf;
  version: string;
  load(): Promise<void>;
  detect(
    input: HumanTensor,
  ): Promise<{ face: { box: [number, number, number, number]; boxScore: number }[]; error?: string | null }>;
}
type HumanModule = { Human: new (config: Record<string, unknown>) => HumanInstance };

interface Packages {
  humanBundle: string;
  modelsDir: string;
  wasmDir: string;
}

/** The files this needs, found through Node's resolution so a packaged app finds its own copies. */
function locatePackages(): Packages {
  const require = createRequire(import.meta.url);
  try {
    // The package's exports map cannot name its own subpaths, so the wasm build is found beside its main file.
    const humanDist = dirname(require.resolve('@vladmandic/human'));
    const wasmDist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
    return {
      humanBundle: join(humanDist, 'human.node-wasm.js'),
      modelsDir: join(humanDist, '..', 'models'),
      wasmDir: wasmDist,
    };
  } catch (err) {
    throw new FaceMaskingError(
      `the face detector's packages are not installed (${(err as Error).message.split('\n')[0]})`,
    );
  }
}

interface WeightsGroup {
  paths: string[];
  weights: unknown[];
}

/** A tfjs IOHandler reading model.json and its weight files from disk. */
function fileModelHandler(url: string) {
  return {
    load: async () => {
      const file = fileURLToPath(url);
      const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> & {
        weightsManifest: WeightsGroup[];
      };
      const parts: Buffer[] = [];
      const specs: unknown[] = [];
      for (const group of json.weightsManifest) {
        for (const p of group.paths) parts.push(readFileSync(join(dirname(file), p)));
        specs.push(...group.weights);
      }
      const weights = Buffer.concat(parts);
      return {
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        signature: json.signature,
        userDefinedMetadata: json.userDefinedMetadata,
        weightSpecs: specs,
        weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
      };
    },
  };
}

function humanConfig(p: Packages): Record<string, unknown> {
  const off = { enabled: false };
  return {
    backend: 'wasm',
    wasmPath: p.wasmDir + '/',
    wasmPlatformFetch: false,
    modelBasePath: pathToFileURL(p.modelsDir + '/').href,
    debug: false,
    warmup: 'none',
    cacheModels: false,
    // Every frame is a separate still: never reuse boxes from the previous one.
    cacheSensitivity: 0,
    skipAllowed: false,
    filter: off,
    face: {
      enabled: true,
      detector: {
        rotation: false,
        maxDetected: MAX_FACES,
        minConfidence: MIN_FACE_SCORE,
        skipFrames: 0,
        skipTime: 0,
        return: false,
      },
      mesh: off,
      iris: off,
      description: off,
      emotion: off,
      antispoof: off,
      liveness: off,
      attention: off,
      gear: off,
    },
    body: off,
    hand: off,
    object: off,
    gesture: off,
    segmentation: off,
  };
}

let loading: Promise<FaceDetector> | null = null;

/** The process's detector, loaded once; a failed load is retried on the next call. */
export function loadFaceDetector(): Promise<FaceDetector> {
  if (!loading) {
    loading = createDetector().catch((err: unknown) => {
      loading = null;
      throw err instanceof FaceMaskingError
        ? err
        : new FaceMaskingError(`the face detector could not be loaded (${(err as Error).message})`);
    });
  }
  return loading;
}

/**
 * Emscripten's Node glue (inside the wasm backend) adds process handlers that rethrow every
 * uncaught exception and unhandled rejection, which would turn any stray rejection in the backend
 * into a crash. Whatever it added while loading is removed again.
 */
async function withoutAddedProcessHandlers<T>(fn: () => Promise<T>): Promise<T> {
  const events = ['uncaughtException', 'unhandledRejection'];
  const listeners = (e: string) => process.listeners(e as NodeJS.Signals) as ((...args: unknown[]) => void)[];
  const before = new Map(events.map((e) => [e, new Set(listeners(e))]));
  try {
    return await fn();
  } finally {
    for (const e of events) {
      for (const l of listeners(e)) if (!before.get(e)!.has(l)) process.removeListener(e, l);
    }
  }
}

async function createDetector(): Promise<FaceDetector> {
  const p = locatePackages();
  const require = createRequire(import.meta.url);
  const human = await withoutAddedProcessHandlers(async () => {
    const { Human } = require(p.humanBundle) as HumanModule;
    const h = new Human(humanConfig(p));
    h.tf.io.registerLoadRouter((url) =>
      typeof url === 'string' && url.startsWith('file://') ? fileModelHandler(url) : null,
    );
    await h.load();
    return h;
  });
  if (human.tf.getBackend() !== 'wasm')
    throw new FaceMaskingError(`the WebAssembly backend did not start (got ${human.tf.getBackend()})`);
  const once = async (image: RgbImage): Promise<FaceBox[]> => {
    const input = human.tf.tensor4d(
      new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength),
      [1, image.height, image.width, 3],
      'int32',
    );
    try {
      const result = await human.detect(input);
      if (result.error) throw new FaceMaskingError(`face detection failed (${result.error})`);
      return result.face.map((f) => ({
        x: f.box[0],
        y: f.box[1],
        width: f.box[2],
        height: f.box[3],
        score: f.boxScore,
      }));
    } finally {
      input.dispose();
    }
  };
  // Human runs one detection at a time on its shared backend; calls are queued so boxes never mix.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    description: `BlazeFace (@vladmandic/human ${human.version}, tfjs wasm), whole frame and square tiles, upright and turned by 90, 180 and 270 degrees`,
    detect(image) {
      const run = async (): Promise<FaceBox[]> => {
        const found: FaceBox[] = [];
        // BlazeFace finds upright faces; a ceiling camera or a candidate lying down shows them
        // sideways or upside down, so the frame is also looked at turned, and boxes mapped back.
        for (const turns of QUARTER_TURNS) {
          const view = turns === 0 ? image : await turnRgb(image, turns);
          for (const tile of squareTiles(view.width, view.height)) {
            const part = tile.whole ? view : cropRgb(view, tile);
            for (const f of await once(part)) {
              const box = { ...f, x: f.x + tile.left, y: f.y + tile.top };
              found.push(turns === 0 ? box : boxFromTurned(box, turns, image.width, image.height));
            }
          }
        }
        return found;
      };
      const next = queue.then(run, run);
      queue = next.catch(() => undefined);
      return next;
    },
  };
}

export interface Tile {
  left: number;
  top: number;
  width: number;
  height: number;
  whole: boolean;
}

/**
 * The whole frame, plus overlapping squares along its long side when it is not square. The model
 * sees a 256×256 square: a 16:9 frame squeezed into it makes small, distant faces narrower still,
 * and the squares find faces the whole frame misses.
 */
export function squareTiles(width: number, height: number): Tile[] {
  const tiles: Tile[] = [{ left: 0, top: 0, width, height, whole: true }];
  const short = Math.min(width, height);
  const long = Math.max(width, height);
  if (long / short < 1.2) return tiles;
  const n = Math.ceil(long / short);
  for (let i = 0; i < n; i++) {
    const offset = Math.round(((long - short) * i) / (n - 1));
    tiles.push(
      width >= height
        ? { left: offset, top: 0, width: short, height: short, whole: false }
        : { left: 0, top: offset, width: short, height: short, whole: false },
    );
  }
  return tiles;
}

const QUARTER_TURNS = [0, 1, 2, 3] as const;
type QuarterTurns = 1 | 2 | 3;

/** The image turned clockwise by 90° per quarter turn (a copy; 1 and 3 swap width and height), by sharp. */
export async function turnRgb(image: RgbImage, turns: QuarterTurns): Promise<RgbImage> {
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .rotate(90 * turns)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** A box found in the image turned by `turns`, in the coordinates of the original `width` × `height` image. */
export function boxFromTurned(box: FaceBox, turns: QuarterTurns, width: number, height: number): FaceBox {
  if (turns === 1) return { ...box, x: box.y, y: height - box.x - box.width, width: box.height, height: box.width };
  if (turns === 2) return { ...box, x: width - box.x - box.width, y: height - box.y - box.height };
  return { ...box, x: width - box.y - box.height, y: box.x, width: box.height, height: box.width };
}

function cropRgb(image: RgbImage, t: Tile): RgbImage {
  const out = Buffer.alloc(t.width * t.height * 3);
  for (let y = 0; y < t.height; y++) {
    const from = ((t.top + y) * image.width + t.left) * 3;
    image.data.copy(out, y * t.width * 3, from, from + t.width * 3);
  }
  return { data: out, width: t.width, height: t.height };
}
