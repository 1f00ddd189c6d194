import { distance } from '@turf/turf';

/** One fix of a track, in time order. */
export interface TrackPoint {
  lon: number;
  lat: number;
  time: Date;
  speedKmh: number | null;
}

/** A stay: the member stayed within `radiusM` of one place for at least the minimum time. */
export interface Stop {
  lon: number;
  lat: number;
  from: Date;
  to: Date;
  minutes: number;
}

const metres = (a: TrackPoint, b: TrackPoint) => distance([a.lon, a.lat], [b.lon, b.lat], { units: 'meters' });

/**
 * Stays of at least `minMinutes` within `radiusM` (geodesic) of where they began: the stop
 * markers of track playback. Greedy from each fix, so a stay is reported once, at its mean place.
 */
export function findStops(points: readonly TrackPoint[], minMinutes = 5, radiusM = 50): Stop[] {
  const stops: Stop[] = [];
  let i = 0;
  while (i < points.length) {
    const anchor = points[i] as TrackPoint;
    let j = i;
    while (j + 1 < points.length && metres(anchor, points[j + 1] as TrackPoint) <= radiusM) j++;
    const last = points[j] as TrackPoint;
    const minutes = (last.time.getTime() - anchor.time.getTime()) / 60_000;
    if (j > i && minutes >= minMinutes) {
      const stay = points.slice(i, j + 1);
      stops.push({
        lon: stay.reduce((s, p) => s + p.lon, 0) / stay.length,
        lat: stay.reduce((s, p) => s + p.lat, 0) / stay.length,
        from: anchor.time,
        to: last.time,
        minutes: Math.round(minutes * 10) / 10,
      });
      i = j + 1;
    } else {
      i++;
    }
  }
  return stops;
}

/**
 * Douglas–Peucker on a local equirectangular projection in metres (exact enough over a track's
 * few tens of kilometres): keeps the fixes that matter for the shape within `toleranceM`, with
 * their times, so a month of fixes plays back from a few thousand points.
 */
export function simplifyTrack(points: readonly TrackPoint[], toleranceM: number): TrackPoint[] {
  if (points.length <= 2 || toleranceM <= 0) return [...points];
  const n = points.length;
  const lat0 = (points.reduce((s, p) => s + p.lat, 0) / n) * (Math.PI / 180);
  const R = 6_371_008.8;
  const x = Float64Array.from(points, (p) => ((p.lon * Math.PI) / 180) * R * Math.cos(lat0));
  const y = Float64Array.from(points, (p) => ((p.lat * Math.PI) / 180) * R);
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  const stack: [number, number][] = [[0, n - 1]];
  while (stack.length > 0) {
    const [a, b] = stack.pop() as [number, number];
    const dx = (x[b] as number) - (x[a] as number);
    const dy = (y[b] as number) - (y[a] as number);
    const len2 = dx * dx + dy * dy;
    let worst = -1;
    let worstD = toleranceM;
    for (let k = a + 1; k < b; k++) {
      const px = (x[k] as number) - (x[a] as number);
      const py = (y[k] as number) - (y[a] as number);
      // Distance from the segment a–b (not the infinite line), so a track doubling back is kept.
      const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, (px * dx + py * dy) / len2));
      const d = Math.hypot(px - t * dx, py - t * dy);
      if (d > worstD) {
        worstD = d;
        worst = k;
      }
    }
    if (worst > 0) {
      keep[worst] = 1;
      stack.push([a, worst], [worst, b]);
    }
  }
  return points.filter((_, k) => keep[k] === 1);
}

/** Geodesic length of a track in metres. */
export function trackLength(points: readonly TrackPoint[]): number {
  let sum = 0;
  for (let k = 1; k < points.length; k++) sum += metres(points[k - 1] as TrackPoint, points[k] as TrackPoint);
  return sum;
}

const xml = (s: string) =>
  s.replace(
    /[<>&"']/g,
    (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[ch] as string,
  );

/** GPX 1.1: one track segment with times, and the stops as waypoints. */
export function toGpx(name: string, points: readonly TrackPoint[], stops: readonly Stop[]): string {
  const wpts = stops.map(
    (s) =>
      `  <wpt lat="${s.lat.toFixed(7)}" lon="${s.lon.toFixed(7)}"><time>${s.from.toISOString()}</time><name>${xml(`停留 ${s.minutes} 分钟`)}</name></wpt>`,
  );
  const trkpts = points.map(
    (p) =>
      `      <trkpt lat="${p.lat.toFixed(7)}" lon="${p.lon.toFixed(7)}"><time>${p.time.toISOString()}</time></trkpt>`,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gpx version="1.1" creator="RedMap" xmlns="http://www.topografix.com/GPX/1/1">',
    ...wpts,
    `  <trk><name>${xml(name)}</name>`,
    '    <trkseg>',
    ...trkpts,
    '    </trkseg>',
    '  </trk>',
    '</gpx>',
    '',
  ].join('\n');
}

/** KML 2.2: the track as a gx:Track (times with coordinates) and the stops as placemarks. */
export function toKml(name: string, points: readonly TrackPoint[], stops: readonly Stop[]): string {
  const whens = points.map((p) => `        <when>${p.time.toISOString()}</when>`);
  const coords = points.map((p) => `        <gx:coord>${p.lon.toFixed(7)} ${p.lat.toFixed(7)} 0</gx:coord>`);
  const marks = stops.map(
    (s) =>
      `    <Placemark><name>${xml(`停留 ${s.minutes} 分钟`)}</name><TimeSpan><begin>${s.from.toISOString()}</begin><end>${s.to.toISOString()}</end></TimeSpan><Point><coordinates>${s.lon.toFixed(7)},${s.lat.toFixed(7)}</coordinates></Point></Placemark>`,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2">',
    '  <Document>',
    `    <name>${xml(name)}</name>`,
    `    <Placemark><name>${xml(name)}</name>`,
    '      <gx:Track>',
    ...whens,
    ...coords,
    '      </gx:Track>',
    '    </Placemark>',
    ...marks,
    '  </Document>',
    '</kml>',
    '',
  ].join('\n');
}
