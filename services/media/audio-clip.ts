/**
 * The sound of a recording, or of one step's span, as a small file a model can be sent: mono
 * 16 kHz 16-bit WAV, the format every audio-capable server decodes; a span too long for the size
 * cap as WAV goes as 32 kbit/s MP3 instead; one too long even then is refused by name, never cut
 * short without saying so. ffmpeg runs through the media runner (spawn, no shell, `file:` paths,
 * a timeout and the caller's AbortSignal) and writes to a pipe, so no temporary file is left.
 */
import { fileArg, runMediaProcess } from './ffmpeg-runner';
import { MediaError, quoteFile } from './errors';

export type AudioFormat = 'wav' | 'mp3';

export interface AudioClip {
  data: Buffer;
  format: AudioFormat;
  /** Length of the audio taken, in seconds. */
  durationS: number;
}

export interface AudioClipOptions {
  ffmpegPath: string;
  /** The whole recording when absent. */
  fromS?: number;
  toS?: number;
  /** The recording's length, to size the whole-recording case. */
  durationS: number;
  /** The largest audio part sent (default 10 MiB, before base64). */
  maxBytes?: number;
  signal?: AbortSignal;
  timeoutMs?: number;
}

const DEFAULT_MAX_AUDIO_BYTES = 10 * 1024 * 1024;
const WAV_BYTES_PER_S = 16_000 * 2;
const MP3_BITRATE = 32_000;
const MP3_BYTES_PER_S = MP3_BITRATE / 8;
/** Room for headers and rounding in the size estimate. */
const SLACK_BYTES = 64 * 1024;

/** The span's audio would exceed the cap even as MP3: refused, so nothing is silently cut short. */
export class AudioTooLongError extends MediaError {
  override name = 'AudioTooLongError';
  constructor(filePath: string, seconds: number, maxBytes: number) {
    super(
      `the audio of ${quoteFile(filePath)} (${Math.round(seconds)} s) is too long to send: more than ${Math.round(maxBytes / 1024 / 1024)} MB even as 32 kbit/s MP3`,
      filePath,
    );
  }
}

/** The recording has no sound track ffmpeg can read. */
export class NoAudioStreamError extends MediaError {
  override name = 'NoAudioStreamError';
  constructor(filePath: string) {
    super(`${quoteFile(filePath)} has no audio track`, filePath);
  }
}

/**
 * A WAV written to a pipe cannot seek back to fill in its sizes; ffmpeg leaves them at their
 * maximum. They are set here from the bytes actually written, so strict decoders accept the file.
 */
function fixWavSizes(wav: Buffer): Buffer {
  if (wav.length < 12 || wav.toString('ascii', 0, 4) !== 'RIFF' || wav.toString('ascii', 8, 12) !== 'WAVE') return wav;
  wav.writeUInt32LE(wav.length - 8, 4);
  for (let at = 12; at + 8 <= wav.length;) {
    const id = wav.toString('ascii', at, at + 4);
    if (id === 'data') {
      wav.writeUInt32LE(wav.length - at - 8, at + 4);
      break;
    }
    at += 8 + wav.readUInt32LE(at + 4);
  }
  return wav;
}

export async function extractAudioClip(inputPath: string, opts: AudioClipOptions): Promise<AudioClip> {
  const from = Math.max(0, opts.fromS ?? 0);
  const to = Math.min(opts.durationS, opts.toS ?? opts.durationS);
  const seconds = Math.max(0, to - from);
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_AUDIO_BYTES;
  let format: AudioFormat;
  if (seconds * WAV_BYTES_PER_S + SLACK_BYTES <= maxBytes) format = 'wav';
  else if (seconds * MP3_BYTES_PER_S + SLACK_BYTES <= maxBytes) format = 'mp3';
  else throw new AudioTooLongError(inputPath, seconds, maxBytes);
  const encode =
    format === 'wav'
      ? ['-c:a', 'pcm_s16le', '-f', 'wav']
      : ['-c:a', 'libmp3lame', '-b:a', String(MP3_BITRATE), '-f', 'mp3'];
  const args = [
    '-hide_banner',
    '-nostdin',
    '-v',
    'error',
    '-ss',
    from.toFixed(3),
    '-i',
    fileArg(inputPath),
    '-t',
    seconds.toFixed(3),
    '-map',
    '0:a:0',
    '-vn',
    '-ac',
    '1',
    '-ar',
    '16000',
    // No metadata chunks: the WAV header stays the plain 44 bytes, and nothing of the file's tags leaves.
    '-map_metadata',
    '-1',
    '-bitexact',
    ...encode,
    'pipe:1',
  ];
  let stdout: Buffer;
  try {
    ({ stdout } = await runMediaProcess(opts.ffmpegPath, args, {
      inputPath,
      maxStdoutBytes: maxBytes,
      timeoutMs: opts.timeoutMs ?? 120_000,
      ...(opts.signal ? { signal: opts.signal } : {}),
    }));
  } catch (err) {
    if (/matches no streams|Stream map '0:a:0'/i.test((err as Error).message)) throw new NoAudioStreamError(inputPath);
    throw err;
  }
  if (stdout.length === 0) throw new NoAudioStreamError(inputPath);
  return { data: format === 'wav' ? fixWavSizes(stdout) : stdout, format, durationS: seconds };
}
