import { useEffect, useRef, useState } from 'react';
import type { ReviewView } from '../../../../contract/review';
import { mediaUrl } from '../../api/client';
import { useReview } from '../../store/review-store';
import { clock } from './format';
import { keyHint } from './shortcuts';
import { Timeline } from './Timeline';

const SPEEDS = [0.5, 0.75, 1, 1.25, 1.5, 2] as const;

/**
 * The recording with examiner controls: play/pause, 0.5×–2×, frame steps, ±5 s and a timeline with
 * step spans and (after the reveal) evidence times. It registers its controls in the review store
 * so the keyboard and the suggestions panel drive the same element.
 */
export function VideoPlayer({ view }: { view: ReviewView }) {
  const video = useRef<HTMLVideoElement>(null);
  const registerPlayer = useReview((s) => s.registerPlayer);
  const [time, setTime] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [rate, setRate] = useState(1);
  const [duration, setDuration] = useState(view.recording.durationS);
  const [failed, setFailed] = useState<string | null>(null);
  const frame = 1 / view.recording.fps;

  useEffect(() => {
    const clamp = (t: number) =>
      Math.max(
        0,
        Math.min(t, Number.isFinite(video.current?.duration) ? video.current!.duration : view.recording.durationS),
      );
    const seek = (t: number) => {
      const v = video.current;
      if (!v) return;
      v.currentTime = clamp(t);
      setTime(v.currentTime);
    };
    registerPlayer({
      toggle: () => {
        const v = video.current;
        if (!v) return;
        if (v.paused) void v.play().catch(() => setPlaying(false));
        else v.pause();
      },
      seek,
      // Frame steps pause first: stepping a moving picture lands on no particular frame.
      frame: (direction) => {
        video.current?.pause();
        seek((video.current?.currentTime ?? 0) + direction * frame);
      },
      jump: (seconds) => seek((video.current?.currentTime ?? 0) + seconds),
      speed: (direction) => {
        const v = video.current;
        if (!v) return;
        const i = SPEEDS.findIndex((s) => s === v.playbackRate);
        const next = SPEEDS[Math.max(0, Math.min(SPEEDS.length - 1, (i === -1 ? 2 : i) + direction))]!;
        v.playbackRate = next;
        setRate(next);
      },
      time: () => video.current?.currentTime ?? 0,
    });
    return () => registerPlayer(null);
  }, [registerPlayer, frame, view.recording.durationS]);

  const src = view.recording.mediaPath ? mediaUrl(view.recording.mediaPath) : null;
  const controls = useReview((s) => s.player);

  return (
    <section className="player card" aria-label="Recording">
      {src ? (
        <video
          ref={video}
          src={src}
          data-testid="review-video"
          preload="auto"
          playsInline
          onTimeUpdate={(e) => setTime(e.currentTarget.currentTime)}
          onSeeked={(e) => setTime(e.currentTarget.currentTime)}
          onPlay={() => setPlaying(true)}
          onPause={() => setPlaying(false)}
          onLoadedMetadata={(e) => Number.isFinite(e.currentTarget.duration) && setDuration(e.currentTarget.duration)}
          onError={() => setFailed('This recording could not be played here. Check its proxy in Recordings.')}
        />
      ) : null}
      {!src || failed ? (
        <div className="no-media" role="note">
          {failed ?? view.recording.mediaProblem ?? 'No playable file for this recording.'}
        </div>
      ) : null}
      <div className="player-controls" role="toolbar" aria-label="Video controls">
        <button
          type="button"
          onClick={() => controls?.jump(-5)}
          title={`Back 5 s (${keyHint('jumpBack')})`}
          aria-label="Back 5 seconds"
        >
          −5 s
        </button>
        <button
          type="button"
          onClick={() => controls?.frame(-1)}
          title={`One frame back (${keyHint('frameBack')})`}
          aria-label="One frame back"
        >
          ◀︎|
        </button>
        <button
          type="button"
          className="play"
          onClick={() => controls?.toggle()}
          title={`Play / pause (${keyHint('play')})`}
          aria-label={playing ? 'Pause' : 'Play'}
        >
          {playing ? '❚❚' : '▶'}
        </button>
        <button
          type="button"
          onClick={() => controls?.frame(1)}
          title={`One frame forward (${keyHint('frameForward')})`}
          aria-label="One frame forward"
        >
          |▶︎
        </button>
        <button
          type="button"
          onClick={() => controls?.jump(5)}
          title={`Forward 5 s (${keyHint('jumpForward')})`}
          aria-label="Forward 5 seconds"
        >
          +5 s
        </button>
        <span className="time" data-testid="player-time">
          {clock(time)} / {clock(duration)}
        </span>
        <label className="speed">
          Speed
          <select
            value={rate}
            onChange={(e) => {
              const next = Number(e.target.value);
              if (video.current) video.current.playbackRate = next;
              setRate(next);
            }}
            title={`Slower / faster (${keyHint('slower')} ${keyHint('faster')})`}
          >
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
        </label>
      </div>
      <Timeline view={view} time={time} duration={duration} onSeek={(t) => controls?.seek(t)} />
    </section>
  );
}
