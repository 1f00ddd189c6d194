import type { LngLatLike, Map as MaplibreMap } from 'maplibre-gl';
import { type FormEvent, useEffect, useEffectEvent, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTrack } from '../../hooks/useTrack.ts';
import { useI18n } from '../../i18n/context.ts';
import { errorText } from '../../i18n/errors.ts';
import { type TrackQuery, trackFileUrl } from '../../lib/positions.ts';
import { type TrackStopMark, trackLayers } from '../../map/layers/track.ts';
import { useOverlayLayers } from '../../map/overlayLayers.ts';
import { type MapThemeName, mapTheme } from '../../map/theme.ts';
import {
  advance,
  checkRange,
  DEFAULT_SPEED,
  defaultRange,
  PLAYBACK_SPEEDS,
  type PlaybackTrack,
  positionAt,
  type RangeProblem,
  trackBounds,
} from '../../map/trackPlayback.ts';
import { PanelStatus } from '../PanelStatus.tsx';
import type { TrackSubject } from './drawer/actions.ts';
import './track.css';

/** Props of {@link TrackPlayback}. */
export interface TrackPlaybackProps {
  /** Whose track; mount a new player (a new `key`) for another member. */
  member: TrackSubject;
  /** The map to fit and follow; null until it exists. */
  map: MaplibreMap | null;
  /** Colours of the track's labels. @default 'light' */
  theme?: MapThemeName;
  onClose: () => void;
}

/** Slider steps over a track: fine enough to scrub, coarse enough for arrow keys to move visibly. */
const SLIDER_STEPS = 600;

/** While following, the camera moves once the marker leaves the middle of the map (this share on each side). */
const FOLLOW_MARGIN = 0.25;

/** Eases the map to `position` when it has left the middle of the view (not while the map moves). */
function keepInView(map: MaplibreMap, position: [number, number]): void {
  if (map.isMoving()) return;
  const { x, y } = map.project(position as LngLatLike);
  const canvas = map.getCanvas();
  const w = canvas.clientWidth;
  const h = canvas.clientHeight;
  const inside =
    x > w * FOLLOW_MARGIN && x < w * (1 - FOLLOW_MARGIN) && y > h * FOLLOW_MARGIN && y < h * (1 - FOLLOW_MARGIN);
  if (!inside) map.easeTo({ center: position, duration: 400 });
}

/** The range a loaded track covers, to export exactly that. */
const fileQuery = (track: PlaybackTrack): TrackQuery => ({ memberId: track.memberId, ...track.range });

/** Fits the map to the track, leaving room for the drawer (right) and this panel (bottom left). */
function fitTrack(map: MaplibreMap, track: PlaybackTrack): void {
  const b = trackBounds(track.points);
  if (!b) return;
  const canvas = map.getCanvas();
  const w = canvas.clientWidth;
  const h = canvas.clientHeight;
  const padding = {
    top: Math.min(60, h * 0.1),
    bottom: Math.min(320, h * 0.45),
    left: Math.min(60, w * 0.1),
    right: Math.min(360, w * 0.4),
  };
  map.fitBounds(
    [
      [b[0], b[1]],
      [b[2], b[3]],
    ],
    { padding, maxZoom: 15, duration: 800 },
  );
}

/**
 * Track playback of one member (opened from the member drawer): a range (the last 24 hours to
 * start with), the track drawn on the map with the part played, stops and a moving marker, a time
 * slider, play/pause, speed, a camera that follows, the facts of the track and GPX/KML export.
 * Not modal; Escape inside it closes it.
 */
export function TrackPlayback({ member, map, theme = 'light', onClose }: TrackPlaybackProps) {
  const { t, locale, formatNumber } = useI18n();
  const id = useId();
  const panelRef = useRef<HTMLElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const [initial] = useState(() => {
    const draft = defaultRange(Date.now());
    const range = checkRange(draft.from, draft.to);
    const query: TrackQuery | null = 'from' in range ? { memberId: member.id, ...range } : null;
    return { draft, query };
  });
  const [draft, setDraft] = useState(initial.draft);
  const [query, setQuery] = useState<TrackQuery | null>(initial.query);
  const [problem, setProblem] = useState<RangeProblem | null>(null);
  const track = useTrack(query);
  const data = track.status === 'success' ? track.data : null;

  const [time, setTime] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<number>(DEFAULT_SPEED);
  const [follow, setFollow] = useState(false);

  // Focus moves into the panel on open and back to where it was on close.
  useLayoutEffect(() => {
    const panel = panelRef.current;
    const before = document.activeElement;
    headingRef.current?.focus({ preventScroll: true });
    return () => {
      const now = document.activeElement;
      const focusWasInside = !now || now === document.body || (panel?.contains(now) ?? false);
      if (focusWasInside && before instanceof HTMLElement && before.isConnected) before.focus({ preventScroll: true });
    };
  }, []);

  // A new track starts paused at its beginning, with the map fitted to it.
  const fitLoaded = useEffectEvent((loaded: PlaybackTrack) => {
    if (map) fitTrack(map, loaded);
  });
  useEffect(() => {
    if (!data) return;
    setTime(data.start);
    setPlaying(false);
    fitLoaded(data);
  }, [data]);

  // The playback clock: wall time times the speed, frame by frame.
  useEffect(() => {
    if (!playing || !data) return;
    let frame = 0;
    let last = performance.now();
    const step = (now: number) => {
      const elapsed = now - last;
      last = now;
      setTime((prev) => advance(prev, elapsed, speed, data.end));
      frame = requestAnimationFrame(step);
    };
    frame = requestAnimationFrame(step);
    return () => cancelAnimationFrame(frame);
  }, [playing, speed, data]);

  // Stop at the end.
  useEffect(() => {
    if (playing && data && time >= data.end) setPlaying(false);
  }, [playing, data, time]);

  const at = useMemo(() => (data ? positionAt(data.points, time) : null), [data, time]);

  // Follow the marker; the user taking the map (a drag) ends following.
  useEffect(() => {
    if (follow && map && at) keepInView(map, at.position);
  }, [follow, map, at]);
  useEffect(() => {
    if (!follow || !map) return;
    const stop = () => setFollow(false);
    map.on('dragstart', stop);
    return () => {
      map.off('dragstart', stop);
    };
  }, [follow, map]);

  const clock = useMemo(
    () =>
      new Intl.DateTimeFormat(locale, {
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
      }),
    [locale],
  );
  const km = useMemo(() => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }), [locale]);

  const stopMarks = useMemo<TrackStopMark[]>(
    () =>
      (data?.stops ?? []).map((s) => ({
        position: s.position,
        label: t('track.stop', { n: formatNumber(s.minutes) }),
      })),
    [data, t, formatNumber],
  );
  const layers = useMemo(
    () =>
      data && data.points.length > 0
        ? trackLayers({ track: data, time, position: at?.position ?? null, stops: stopMarks, theme: mapTheme(theme) })
        : null,
    [data, time, at, stopMarks, theme],
  );
  useOverlayLayers('track', layers);

  function submit(e: FormEvent) {
    e.preventDefault();
    const range = checkRange(draft.from, draft.to);
    if ('problem' in range) {
      setProblem(range.problem);
      return;
    }
    setProblem(null);
    if (query && query.from === range.from && query.to === range.to) track.reload();
    else setQuery({ memberId: member.id, ...range });
  }

  function togglePlay() {
    if (!data) return;
    if (playing) {
      setPlaying(false);
      return;
    }
    if (time >= data.end) setTime(data.start);
    setPlaying(true);
  }

  function toggleFollow(on: boolean) {
    setFollow(on);
    if (on && map && at) map.easeTo({ center: at.position, duration: 400 });
  }

  const empty = data !== null && data.points.length === 0;
  const spanMs = data ? data.end - data.start : 0;
  const stepMs = Math.max(1000, Math.ceil(spanMs / SLIDER_STEPS / 1000) * 1000);
  const speedKmh = data && at ? data.points[at.index]?.speedKmh : null;

  return (
    <section
      ref={panelRef}
      className="map-panel track-panel"
      aria-labelledby={`${id}-heading`}
      data-testid="track-panel"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !e.defaultPrevented) {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <header className="track-panel__header">
        <h2 id={`${id}-heading`} ref={headingRef} tabIndex={-1} className="track-panel__title">
          {t('track.heading', { name: member.name })}
        </h2>
        <button
          type="button"
          className="feature-drawer__close"
          aria-label={t('track.close')}
          title={t('track.close')}
          data-testid="track-close"
          onClick={onClose}
        >
          <span aria-hidden="true">×</span>
        </button>
      </header>

      <form className="track-panel__range" onSubmit={submit} noValidate>
        <label className="track-panel__field">
          <span>{t('track.from')}</span>
          <input
            type="datetime-local"
            value={draft.from}
            data-testid="track-from"
            onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))}
          />
        </label>
        <label className="track-panel__field">
          <span>{t('track.to')}</span>
          <input
            type="datetime-local"
            value={draft.to}
            data-testid="track-to"
            onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))}
          />
        </label>
        <button type="submit" className="button button--secondary" data-testid="track-load">
          {t('track.load')}
        </button>
      </form>
      {problem && (
        <p className="track-panel__problem" role="alert" data-testid="track-range-error">
          {t(`track.range.${problem}`)}
        </p>
      )}

      {track.status === 'loading' && <PanelStatus kind="loading" message={t('track.loading')} />}
      {track.status === 'error' && (
        <PanelStatus
          kind="error"
          message={t('track.error', { message: errorText(t, track.error) })}
          onRetry={track.reload}
        />
      )}
      {empty && (
        <div data-testid="track-empty">
          <PanelStatus kind="empty" message={t('track.empty')} />
        </div>
      )}

      {data && !empty && (
        <>
          <dl className="track-panel__facts">
            <div>
              <dt>{t('track.fixes')}</dt>
              <dd data-testid="track-fixes" data-value={data.fixes}>
                {t('track.fixesValue', { n: formatNumber(data.fixes) })}
              </dd>
            </div>
            <div>
              <dt>{t('track.length')}</dt>
              <dd data-testid="track-length" data-value={data.lengthM}>
                {t('tools.unit.km', { n: km.format(data.lengthM / 1000) })}
              </dd>
            </div>
          </dl>
          {data.toleranceM > 0 && (
            <p className="track-panel__note" data-testid="track-simplified">
              {t('track.simplified', { n: formatNumber(data.toleranceM) })}
            </p>
          )}

          <div className="track-panel__player">
            <label className="sr-only" htmlFor={`${id}-slider`}>
              {t('track.slider')}
            </label>
            <input
              id={`${id}-slider`}
              type="range"
              className="track-panel__slider"
              min={0}
              max={spanMs}
              step={stepMs}
              value={Math.min(spanMs, Math.max(0, time - data.start))}
              aria-valuetext={clock.format(time)}
              data-testid="track-slider"
              onChange={(e) => setTime(data.start + Number(e.target.value))}
            />
            <p className="track-panel__now" aria-hidden="true">
              <time data-testid="track-time" dateTime={new Date(time).toISOString()}>
                {clock.format(time)}
              </time>
              {speedKmh !== null && speedKmh !== undefined && (
                <span>{t('track.speedKmh', { n: formatNumber(Math.round(speedKmh)) })}</span>
              )}
            </p>
          </div>

          <div className="track-panel__controls">
            <button
              type="button"
              className="button button--primary track-panel__play"
              data-testid="track-play"
              data-state={playing ? 'playing' : 'paused'}
              disabled={spanMs <= 0}
              onClick={togglePlay}
            >
              {t(playing ? 'track.pause' : 'track.play')}
            </button>
            <label className="track-panel__speed">
              <span>{t('track.speed')}</span>
              <select value={speed} data-testid="track-speed" onChange={(e) => setSpeed(Number(e.target.value))}>
                {PLAYBACK_SPEEDS.map((s) => (
                  <option key={s} value={s}>
                    {t('track.speedOption', { n: s })}
                  </option>
                ))}
              </select>
            </label>
            <label className="check track-panel__follow">
              <input
                type="checkbox"
                checked={follow}
                data-testid="track-follow"
                onChange={(e) => toggleFollow(e.target.checked)}
              />
              {t('track.follow')}
            </label>
          </div>

          <h3 className="track-panel__subtitle">{t('track.stops', { n: formatNumber(data.stops.length) })}</h3>
          {data.stops.length === 0 ? (
            <p className="track-panel__note">{t('track.noStops')}</p>
          ) : (
            <ul className="track-panel__stops" data-testid="track-stops">
              {data.stops.map((s) => (
                <li key={s.from}>
                  <button
                    type="button"
                    className="link-button track-panel__stop"
                    onClick={() => {
                      setPlaying(false);
                      setTime(s.from);
                    }}
                  >
                    <span className="track-panel__stop-dot" aria-hidden="true" />
                    {clock.format(s.from)} · {t('track.stop', { n: formatNumber(s.minutes) })}
                  </button>
                </li>
              ))}
            </ul>
          )}
          <p className="track-panel__export">
            <span>{t('track.export')}</span>
            <a
              href={trackFileUrl(fileQuery(data), 'gpx')}
              download
              data-testid="track-gpx"
              aria-label={t('track.exportLabel', { format: 'GPX' })}
            >
              GPX
            </a>
            <a
              href={trackFileUrl(fileQuery(data), 'kml')}
              download
              data-testid="track-kml"
              aria-label={t('track.exportLabel', { format: 'KML' })}
            >
              KML
            </a>
          </p>
        </>
      )}
    </section>
  );
}
