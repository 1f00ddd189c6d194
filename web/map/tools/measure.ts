/**
 * Measuring on the WGS84 ellipsoid, and how results are written. Pure functions: the drawing
 * (measureDraw.ts) and the panel (MeasurePanel.tsx) only call these.
 *
 * Why not plain turf: `turf.length` and `turf.area` work on a sphere of radius 6,371,008.8 m. On
 * the ellipsoid one degree of longitude at the equator is 111.32 km, the sphere says 111.19 km, and
 * near Wenshan (23.5°N) turf's areas come out 0.24 % too large. Distances here are Vincenty's
 * ellipsoidal geodesic (sub-millimetre); areas go through the authalic sphere, which maps the
 * ellipsoid onto a sphere with equal area, so turf's spherical formula then gives the ellipsoidal
 * area. Both differ from turf by well under 1 %.
 */
import { area as sphericalArea, distance as sphericalDistance } from '@turf/turf';
import type { Position } from 'geojson';

/** WGS84 semi-major axis, metres. */
export const WGS84_A = 6_378_137;
/** WGS84 flattening. */
export const WGS84_F = 1 / 298.257223563;
const WGS84_B = WGS84_A * (1 - WGS84_F);
const E2 = WGS84_F * (2 - WGS84_F);
const E = Math.sqrt(E2);
/** turf's earth radius, which its area formula multiplies by. */
const TURF_RADIUS = 6_371_008.8;

/** 亩, the Chinese land unit: 15 亩 make one hectare by definition, so 1 亩 = 666.67 m². */
export const SQUARE_METRES_PER_MU = 10_000 / 15;
/** Above this (10 km² = 15,000 亩) 亩 stop being a figure anyone reads, so they are not shown. */
export const MU_LIMIT_M2 = 10_000_000;

const RAD = Math.PI / 180;

/**
 * Geodesic distance in metres between two [lon, lat] points on the WGS84 ellipsoid (Vincenty's
 * inverse formula). For the nearly antipodal pairs where it does not converge, turf's great-circle
 * distance stands in (0.5 % at worst, and no map view here spans half the globe).
 */
export function geodesicDistance(from: Position, to: Position): number {
  const [lon1 = 0, lat1 = 0] = from;
  const [lon2 = 0, lat2 = 0] = to;
  if (lon1 === lon2 && lat1 === lat2) return 0;
  const L = (lon2 - lon1) * RAD;
  const U1 = Math.atan((1 - WGS84_F) * Math.tan(lat1 * RAD));
  const U2 = Math.atan((1 - WGS84_F) * Math.tan(lat2 * RAD));
  const sinU1 = Math.sin(U1);
  const cosU1 = Math.cos(U1);
  const sinU2 = Math.sin(U2);
  const cosU2 = Math.cos(U2);
  let lambda = L;
  for (let i = 0; i < 200; i++) {
    const sinLambda = Math.sin(lambda);
    const cosLambda = Math.cos(lambda);
    const sinSigma = Math.hypot(cosU2 * sinLambda, cosU1 * sinU2 - sinU1 * cosU2 * cosLambda);
    if (sinSigma === 0) return 0;
    const cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda;
    const sigma = Math.atan2(sinSigma, cosSigma);
    const sinAlpha = (cosU1 * cosU2 * sinLambda) / sinSigma;
    const cos2Alpha = 1 - sinAlpha * sinAlpha;
    // On the equator cos²α = 0 and the term below is 0 by the limit.
    const cos2SigmaM = cos2Alpha === 0 ? 0 : cosSigma - (2 * sinU1 * sinU2) / cos2Alpha;
    const C = (WGS84_F / 16) * cos2Alpha * (4 + WGS84_F * (4 - 3 * cos2Alpha));
    const previous = lambda;
    lambda =
      L +
      (1 - C) *
        WGS84_F *
        sinAlpha *
        (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
    if (Math.abs(lambda - previous) < 1e-12) {
      const u2 = (cos2Alpha * (WGS84_A * WGS84_A - WGS84_B * WGS84_B)) / (WGS84_B * WGS84_B);
      const A = 1 + (u2 / 16384) * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)));
      const B = (u2 / 1024) * (256 + u2 * (-128 + u2 * (74 - 47 * u2)));
      const deltaSigma =
        B *
        sinSigma *
        (cos2SigmaM +
          (B / 4) *
            (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM) -
              (B / 6) * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)));
      return WGS84_B * A * (sigma - deltaSigma);
    }
  }
  return sphericalDistance(from, to, { units: 'meters' });
}

/** Authalic `q(φ)` of the ellipsoid (Snyder, Map Projections, eq. 3-12). */
function authalicQ(sinPhi: number): number {
  const eSin = E * sinPhi;
  return (1 - E2) * (sinPhi / (1 - eSin * eSin) - (1 / (2 * E)) * Math.log((1 - eSin) / (1 + eSin)));
}
const Q_POLE = authalicQ(1);
/** Radius of the sphere with the ellipsoid's surface area (6,371,007.2 m). */
export const AUTHALIC_RADIUS = WGS84_A * Math.sqrt(Q_POLE / 2);

/** Geodetic latitude → authalic latitude, degrees: where equal areas land on the authalic sphere. */
export function authalicLatitude(lat: number): number {
  const ratio = authalicQ(Math.sin(lat * RAD)) / Q_POLE;
  return Math.asin(Math.max(-1, Math.min(1, ratio))) / RAD;
}

/**
 * Ellipsoidal area in m² of a polygon given as rings of [lon, lat] (outer first, holes after;
 * open or closed rings both work).
 */
export function geodesicArea(rings: Position[][]): number {
  const authalic = rings.map((ring) => {
    const closed = closeRing(ring);
    return closed.map(([lon = 0, lat = 0]) => [lon, authalicLatitude(lat)]);
  });
  if (!authalic[0] || authalic[0].length < 4) return 0;
  const scale = (AUTHALIC_RADIUS / TURF_RADIUS) ** 2;
  return sphericalArea({ type: 'Polygon', coordinates: authalic }) * scale;
}

function closeRing(ring: Position[]): Position[] {
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (!first || !last) return [];
  return first[0] === last[0] && first[1] === last[1] ? ring : [...ring, first];
}

/** What a drawn line measures: total and each segment, metres. */
export interface LineMeasurement {
  kind: 'line';
  lengthM: number;
  segmentsM: number[];
}

/** What a drawn polygon measures: area in m² and perimeter in metres. */
export interface AreaMeasurement {
  kind: 'area';
  areaM2: number;
  perimeterM: number;
}

export type Measurement = LineMeasurement | AreaMeasurement;

/** Measures a line through `coords`. */
export function measureLine(coords: Position[]): LineMeasurement {
  const segmentsM: number[] = [];
  for (let i = 1; i < coords.length; i++) segmentsM.push(geodesicDistance(coords[i - 1]!, coords[i]!));
  return { kind: 'line', lengthM: segmentsM.reduce((a, b) => a + b, 0), segmentsM };
}

/** Measures a polygon with the outer ring `ring` (open or closed). */
export function measurePolygon(ring: Position[]): AreaMeasurement {
  const closed = closeRing(ring);
  return { kind: 'area', areaM2: geodesicArea([closed]), perimeterM: measureLine(closed).lengthM };
}

/** A formatted figure: the number as text (grouped, fixed decimals) and its unit. */
export interface Quantity<U extends string> {
  n: string;
  unit: U;
}
export type LengthUnit = 'm' | 'km';
export type AreaUnit = 'm2' | 'km2';

/** One precision band: values that still round below `below` (base units) use this unit and decimals. */
interface Band<U> {
  below: number;
  unit: U;
  per: number;
  decimals: number;
}

// Decimals shrink as figures grow so a result reads as three or four significant digits.
const LENGTH_BANDS: Band<LengthUnit>[] = [
  { below: 10, unit: 'm', per: 1, decimals: 1 },
  { below: 1000, unit: 'm', per: 1, decimals: 0 },
  { below: 100_000, unit: 'km', per: 1000, decimals: 2 },
  { below: 1_000_000, unit: 'km', per: 1000, decimals: 1 },
  { below: Number.POSITIVE_INFINITY, unit: 'km', per: 1000, decimals: 0 },
];
const AREA_BANDS: Band<AreaUnit>[] = [
  { below: 100, unit: 'm2', per: 1, decimals: 1 },
  { below: 1_000_000, unit: 'm2', per: 1, decimals: 0 },
  { below: 100_000_000, unit: 'km2', per: 1e6, decimals: 2 },
  { below: 10_000_000_000, unit: 'km2', per: 1e6, decimals: 1 },
  { below: Number.POSITIVE_INFINITY, unit: 'km2', per: 1e6, decimals: 0 },
];

const groupers = new Map<number, Intl.NumberFormat>();
/** `1234.5` → `"1,234.50"` for 2 decimals; the same in zh-CN and en, so it is fixed here. */
export function formatFixed(value: number, decimals: number): string {
  let format = groupers.get(decimals);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    groupers.set(decimals, format);
  }
  // Avoid "-0" for tiny negative noise.
  return format.format(Math.abs(value) < 0.5 * 10 ** -decimals ? 0 : value);
}

function inBand<U extends string>(value: number, bands: Band<U>[]): Quantity<U> {
  const v = Number.isFinite(value) && value > 0 ? value : 0;
  for (const band of bands) {
    const rounded = Number((v / band.per).toFixed(band.decimals));
    // Decide after rounding: 999.6 m is "1.00 km", not "1000 m".
    if (rounded * band.per < band.below) return { n: formatFixed(rounded, band.decimals), unit: band.unit };
  }
  const last = bands[bands.length - 1]!;
  return { n: formatFixed(v / last.per, last.decimals), unit: last.unit };
}

/** A length for people: metres below 1 km, kilometres above ("856 m", "12.34 km", "123.4 km"). */
export function formatLength(metres: number): Quantity<LengthUnit> {
  return inBand(metres, LENGTH_BANDS);
}

/** An area for people: m² below 1 km², km² above. */
export function formatArea(squareMetres: number): Quantity<AreaUnit> {
  return inBand(squareMetres, AREA_BANDS);
}

/**
 * The area in 亩, the unit Chinese villages and farms use, or null above 10 km² where it no
 * longer helps. One decimal below 100 亩, whole 亩 above.
 */
export function formatMu(squareMetres: number): string | null {
  if (!Number.isFinite(squareMetres) || squareMetres < 0 || squareMetres >= MU_LIMIT_M2) return null;
  const mu = squareMetres / SQUARE_METRES_PER_MU;
  const oneDecimal = Number(mu.toFixed(1));
  return oneDecimal < 100 ? formatFixed(oneDecimal, 1) : formatFixed(mu, 0);
}
