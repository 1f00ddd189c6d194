import { BORDER_COLOR, COUNTY_LINE_COLOR } from './palette.ts';

/** The two looks of the base map: the office screen and the dark leaders' wall (大屏). */
export type MapThemeName = 'light' | 'dark';

/** Colours of the base map; thematic colours come from palette.ts in both themes. */
export interface MapTheme {
  name: MapThemeName;
  /** Outside every country polygon (sea, and lands we have no data for). */
  background: string;
  /** China, home country. */
  landHome: string;
  /** Neighbouring countries. */
  landForeign: string;
  /** The prefecture's counties over the land tint. */
  countyFill: string;
  /** Counties outside the county filter are veiled with this. */
  mask: string;
  countryLine: string;
  provinceLine: string;
  prefectureLine: string;
  countyLine: string;
  /** Outline of the prefecture itself. */
  homeLine: string;
  border: string;
  borderHalo: string;
  label: string;
  labelMuted: string;
  labelHalo: string;
  /** Org names and counts drawn by deck.gl. */
  pointLabel: [number, number, number, number];
  pointLabelHalo: [number, number, number, number];
  /** Zone fill opacity (a dark background needs more to read). */
  zoneOpacity: number;
}

export const LIGHT: MapTheme = {
  name: 'light',
  background: '#dce6ee',
  landHome: '#f6f3ec',
  landForeign: '#e9e7e1',
  countyFill: '#fffdf9',
  mask: 'rgba(236, 233, 226, 0.72)',
  countryLine: '#9b8f83',
  provinceLine: '#b3a89c',
  prefectureLine: '#cfc7bd',
  countyLine: COUNTY_LINE_COLOR,
  homeLine: '#8c2a2a',
  border: BORDER_COLOR,
  borderHalo: 'rgba(122, 31, 92, 0.16)',
  label: '#3a3f47',
  labelMuted: '#7d8490',
  labelHalo: 'rgba(255, 255, 255, 0.92)',
  pointLabel: [40, 44, 52, 255],
  pointLabelHalo: [255, 255, 255, 230],
  zoneOpacity: 0.22,
};

export const DARK: MapTheme = {
  name: 'dark',
  background: '#050d1a',
  landHome: '#0d1f36',
  landForeign: '#0a1829',
  countyFill: '#11294a',
  mask: 'rgba(5, 13, 26, 0.7)',
  countryLine: '#4f6d92',
  provinceLine: '#3d5878',
  prefectureLine: '#2a4262',
  countyLine: '#6f8fb8',
  homeLine: '#ffb74d',
  border: '#ff6fae',
  borderHalo: 'rgba(255, 111, 174, 0.22)',
  label: '#e6f0ff',
  labelMuted: '#9db4d3',
  labelHalo: 'rgba(5, 13, 26, 0.9)',
  pointLabel: [236, 243, 255, 255],
  pointLabelHalo: [5, 13, 26, 230],
  zoneOpacity: 0.35,
};

/** The theme by name. */
export function mapTheme(name: MapThemeName): MapTheme {
  return name === 'dark' ? DARK : LIGHT;
}
