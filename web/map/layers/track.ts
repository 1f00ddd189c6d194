import type { Layer } from '@deck.gl/core';
import { TripsLayer } from '@deck.gl/geo-layers';
import { PathLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import { DECK_LAYER } from '../layerIds.ts';
import { rgba, TRACK_PLAYED_COLOR, TRACK_REST_COLOR, TRACK_STOP_COLOR } from '../palette.ts';
import { CJK_FONT_FAMILY } from '../style.ts';
import type { MapTheme } from '../theme.ts';
import type { PlaybackTrack } from '../trackPlayback.ts';

/** A stop as the map marks it: where, and its label in the UI language ("停留 12 分钟"). */
export interface TrackStopMark {
  position: [number, number];
  label: string;
}

/** Props of {@link trackLayers}. */
export interface TrackLayerProps {
  track: PlaybackTrack;
  /** The playback clock, ms since the epoch: the path is drawn "played" up to here. */
  time: number;
  /** Where the member is at `time` (trackPlayback.ts `positionAt`); null draws no marker. */
  position: [number, number] | null;
  /** Stops with their labels; keep the array stable between frames. @default [] */
  stops?: readonly TrackStopMark[];
  theme: MapTheme;
  /** @default true */
  visible?: boolean;
}

/** The track as one path with its times (seconds from the start: float32 keeps them exact). */
interface TripDatum {
  path: [number, number][];
  timestamps: number[];
}

// One datum per track object, so every frame hands deck.gl the same data and only the clock
// (a uniform) changes: the path is tessellated once per track, not once per frame.
const tripOf = new WeakMap<PlaybackTrack, TripDatum[]>();

function tripData(track: PlaybackTrack): TripDatum[] {
  let data = tripOf.get(track);
  if (!data) {
    data = [
      {
        path: track.points.map((p) => p.position),
        timestamps: track.points.map((p) => (p.time - track.start) / 1000),
      },
    ];
    tripOf.set(track, data);
  }
  return data;
}

/**
 * Track playback: the whole track thin and grey, the part already played over it in magenta (a
 * TripsLayer, so moving the clock costs one uniform), the stops as amber discs labelled with their
 * minutes, and the member's position as a marker with a white rim.
 */
export function trackLayers({ track, time, position, stops = [], theme, visible = true }: TrackLayerProps): Layer[] {
  const data = tripData(track);
  const dark = theme.name === 'dark';
  const seconds = Math.max(0, (time - track.start) / 1000);
  const span = Math.max(1, (track.end - track.start) / 1000);
  return [
    new PathLayer<TripDatum>({
      id: DECK_LAYER.trackPath,
      data,
      visible,
      getPath: (d) => d.path,
      getColor: dark ? [157, 180, 211, 200] : rgba(TRACK_REST_COLOR, 190),
      getWidth: 3,
      widthUnits: 'pixels',
      capRounded: true,
      jointRounded: true,
      updateTriggers: { getColor: theme.name },
    }),
    new TripsLayer<TripDatum>({
      id: DECK_LAYER.trackPlayed,
      data,
      visible,
      getPath: (d) => d.path,
      getTimestamps: (d) => d.timestamps,
      getColor: rgba(TRACK_PLAYED_COLOR),
      getWidth: 5,
      widthUnits: 'pixels',
      capRounded: true,
      jointRounded: true,
      fadeTrail: false,
      trailLength: span + 1,
      currentTime: seconds,
    }),
    new ScatterplotLayer<TrackStopMark>({
      id: DECK_LAYER.trackStops,
      data: stops as TrackStopMark[],
      visible,
      stroked: true,
      radiusUnits: 'pixels',
      lineWidthUnits: 'pixels',
      getPosition: (s) => s.position,
      getRadius: 7,
      getFillColor: rgba(TRACK_STOP_COLOR, 235),
      getLineColor: dark ? [5, 13, 26, 255] : [80, 52, 0, 255],
      getLineWidth: 1.5,
      updateTriggers: { getLineColor: theme.name },
    }),
    new TextLayer<TrackStopMark>({
      id: DECK_LAYER.trackStopLabels,
      data: stops as TrackStopMark[],
      visible,
      getPosition: (s) => s.position,
      getText: (s) => s.label,
      getSize: 12,
      getColor: theme.pointLabel,
      getPixelOffset: [0, -12],
      getAlignmentBaseline: 'bottom',
      characterSet: 'auto',
      fontFamily: CJK_FONT_FAMILY,
      fontSettings: { sdf: true, fontSize: 48, buffer: 6 },
      outlineWidth: 3,
      outlineColor: theme.pointLabelHalo,
      updateTriggers: { getColor: theme.name },
    }),
    new ScatterplotLayer<[number, number]>({
      id: DECK_LAYER.trackMarker,
      data: position ? [position] : [],
      visible,
      stroked: true,
      radiusUnits: 'pixels',
      lineWidthUnits: 'pixels',
      getPosition: (p) => p,
      getRadius: 9,
      getFillColor: rgba(TRACK_PLAYED_COLOR),
      getLineColor: [255, 255, 255, 255],
      getLineWidth: 3,
    }),
  ];
}
