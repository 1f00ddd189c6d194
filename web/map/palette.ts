import type { OrgKind, SiteKind, ZoneKind } from './state.ts';

/**
 * Colours shared by the map layers and the legend, so the two cannot drift apart. Party red for
 * organisations; zones by purpose; sites muted so they stay context.
 */
export const ORG_KIND_COLOR: Record<OrgKind, string> = {
  committee: '#a8071a',
  general_branch: '#cf1322',
  branch: '#f5222d',
  temporary_branch: '#fa8c16',
  joint_branch: '#c41d7f',
};

export const ZONE_KIND_COLOR: Record<ZoneKind, string> = {
  responsibility: '#fa541c',
  border_defence: '#722ed1',
  grid: '#13c2c2',
};

export const SITE_KIND_COLOR: Record<SiteKind, string> = {
  tobacco_station: '#8c6d1f',
  purchase_point: '#d4b106',
  village_committee: '#389e0d',
  retail_terminal: '#1d39c4',
  border_post: '#595959',
};

export const JOINT_POINT_COLOR = '#d4380d';
export const MEMBER_COLOR = '#1677ff';
/** Live members: a bright green, apart from the blue of the latest-position tiles. */
export const LIVE_COLOR = '#36cf55';
/** Track playback: the part played, the part still to come, stops. */
export const TRACK_PLAYED_COLOR = '#eb2f96';
export const TRACK_REST_COLOR = '#8c8c8c';
export const TRACK_STOP_COLOR = '#faad14';
export const BORDER_COLOR = '#7a1f5c';
export const COUNTY_LINE_COLOR = '#8c8c8c';

/** `#rrggbb` → `[r, g, b, a]` for deck.gl layers. */
export function rgba(hex: string, alpha = 255): [number, number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255, alpha];
}
