import type { ThematicLayer } from './state.ts';

/**
 * Every map layer id in one place, so the style, the layer factories, picking, toggles and tests
 * name layers the same way. Ids are stable: links, tests and other helpers may refer to them.
 */

/** MapLibre sources. */
export const SOURCE = {
  context: 'context',
  contextLabels: 'context-labels',
  adminAreas: 'admin_areas',
  adminLabels: 'admin_labels',
  border: 'border',
  zones: 'zones',
  sites: 'sites',
  members: 'members',
  /** GeoJSON from the API: org seats (clustered), joint points, the selected point. */
  orgs: 'orgs',
  jointPoints: 'joint_points',
  selection: 'selection',
  raster: 'basemap-raster',
  rasterLabels: 'basemap-raster-labels',
} as const;

/** MapLibre style layers, bottom first. */
export const STYLE_LAYER = {
  background: 'background',
  raster: 'basemap-raster',
  rasterLabels: 'basemap-raster-labels',
  contextLand: 'context-land',
  contextPrefectureLine: 'context-prefecture-line',
  contextProvinceLine: 'context-province-line',
  contextCountryLine: 'context-country-line',
  adminFill: 'admin-fill',
  zonesFill: 'zones-fill',
  zonesLine: 'zones-line',
  zonesSelected: 'zones-selected',
  /** Members' latest fixes, under the county veil (their tiles carry no county to filter by). */
  membersCell: 'members-cell',
  membersCellCount: 'members-cell-count',
  membersPoint: 'members-point',
  membersSelected: 'members-selected',
  adminMask: 'admin-mask',
  adminCountyLine: 'admin-county-line',
  adminPrefectureLine: 'admin-prefecture-line',
  adminFocus: 'admin-focus',
  borderHalo: 'border-halo',
  borderLine: 'border-line',
  sitesAggregate: 'sites-aggregate',
  sitesAggregateCount: 'sites-aggregate-count',
  sitesPoint: 'sites-point',
  sitesSelected: 'sites-selected',
  jointPoints: 'joint-points',
  orgClusters: 'org-clusters',
  orgClusterCounts: 'org-cluster-counts',
  /** Single orgs: symbol and name. */
  orgs: 'orgs',
  /** Red pills with the count of an org's live warnings. */
  orgWarningBadges: 'org-warning-badges',
  selection: 'selection-ring',
  contextLabel: 'context-label',
  adminLabel: 'admin-label',
} as const;

/** deck.gl layers: live members on a canvas of their own, the rest interleaved with the style's. */
export const DECK_LAYER = {
  /** Members moving live (SSE); not prefixed `members`, which picking matches as a prefix. */
  live: 'live-members',
  liveLabels: 'live-members-labels',
  /** Track playback: the whole track, the part played, stops, their labels, the moving marker. */
  trackPath: 'track-path',
  trackPlayed: 'track-played',
  trackStops: 'track-stops',
  trackStopLabels: 'track-stop-labels',
  trackMarker: 'track-marker',
  /** Coverage planner: hex grid, border segments and gap labels, sites, picks, what-if points. */
  coverageGrid: 'coverage-grid',
  coverageBorder: 'coverage-border',
  coverageGapLabels: 'coverage-gap-labels',
  coverageSites: 'coverage-sites',
  coverageFocus: 'coverage-focus',
  coveragePicks: 'coverage-picks',
  coveragePickRanks: 'coverage-pick-ranks',
  coveragePickLabels: 'coverage-pick-labels',
  coverageWhatIfReach: 'coverage-what-if-reach',
  coverageWhatIf: 'coverage-what-if',
} as const;

/** Which style layers a thematic toggle shows or hides (deck layers take `visible` instead). */
export const STYLE_LAYERS_OF: Record<ThematicLayer, readonly string[]> = {
  admin: [
    STYLE_LAYER.adminFill,
    STYLE_LAYER.adminCountyLine,
    STYLE_LAYER.adminPrefectureLine,
    STYLE_LAYER.adminLabel,
    STYLE_LAYER.adminMask,
    STYLE_LAYER.adminFocus,
  ],
  border: [STYLE_LAYER.borderHalo, STYLE_LAYER.borderLine],
  zones: [STYLE_LAYER.zonesFill, STYLE_LAYER.zonesLine, STYLE_LAYER.zonesSelected],
  sites: [
    STYLE_LAYER.sitesAggregate,
    STYLE_LAYER.sitesAggregateCount,
    STYLE_LAYER.sitesPoint,
    STYLE_LAYER.sitesSelected,
  ],
  orgs: [STYLE_LAYER.orgClusters, STYLE_LAYER.orgClusterCounts, STYLE_LAYER.orgs, STYLE_LAYER.orgWarningBadges],
  joint_points: [STYLE_LAYER.jointPoints],
  members: [
    STYLE_LAYER.membersCell,
    STYLE_LAYER.membersCellCount,
    STYLE_LAYER.membersPoint,
    STYLE_LAYER.membersSelected,
  ],
  live: [],
};

/** Which deck.gl layers a thematic toggle controls. */
export const DECK_LAYERS_OF: Record<ThematicLayer, readonly string[]> = {
  admin: [],
  border: [],
  zones: [],
  sites: [],
  orgs: [],
  joint_points: [],
  members: [],
  live: [DECK_LAYER.live, DECK_LAYER.liveLabels],
};

/** Style layers whose features can be hovered and clicked. */
export const PICKABLE_STYLE_LAYERS: readonly string[] = [
  STYLE_LAYER.sitesPoint,
  STYLE_LAYER.sitesAggregate,
  STYLE_LAYER.zonesFill,
];
