import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation('review');
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
    <section className="player card" aria-label={t('player.label')}>
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
          onError={() => setFailed(t('player.failed'))}
        />
      ) : null}
      {!src || failed ? (
        <div className="no-media" role="note">
          {failed ?? view.recording.mediaProblem ?? t('player.noFile')}
        </div>
      ) : null}
      <div className="player-controls" role="toolbar" aria-label={t('player.controls')}>
        <button
          type="button"
          onClick={() => controls?.jump(-5)}
          title={t('player.backTitle', { key: keyHint('jumpBack') })}
        >
          {t('player.backShort')}
        </button>
        <button
          type="button"
          onClick={() => controls?.frame(-1)}
          title={t('player.frameBackTitle', { key: keyHint('frameBack') })}
          aria-label={t('player.frameBack')}
        >
          ◀︎|
        </button>
        <button
          type="button"
          className="play"
          onClick={() => controls?.toggle()}
          title={t('player.playTitle', { key: keyHint('play') })}
          aria-label={playing ? t('player.pause') : t('player.play')}
        >
          {playing ? '❚❚' : '▶'}
        </button>
        <button
          type="button"
          onClick={() => controls?.frame(1)}
          title={t('player.frameForwardTitle', { key: keyHint('frameForward') })}
          aria-label={t('player.frameForward')}
        >
          |▶︎
        </button>
        <button
          type="button"
          onClick={() => controls?.jump(5)}
          title={t('player.forwardTitle', { key: keyHint('jumpForward') })}
        >
          {t('player.forwardShort')}
        </button>
        <span className="time" data-testid="player-time">
          {clock(time)} / {clock(duration)}
        </span>
        <label className="speed">
          {t('player.speed')}
          <select
            value={rate}
            onChange={(e) => {
              const next = Number(e.target.value);
              if (video.current) video.current.playbackRate = next;
              setRate(next);
            }}
            title={t('player.speedTitle', { slower: keyHint('slower'), faster: keyHint('faster') })}
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
