import Supercluster, { type AnyProps } from 'supercluster';
import type { OrgPoint } from '../lib/features.ts';

/**
 * Client-side clustering of the organisation seats with supercluster: the scoped collection is
 * small (a prefecture has about a hundred orgs), so it ships as GeoJSON and is clustered here.
 */

/** Cluster radius in screen pixels (supercluster's 512 extent matches MapLibre's 512 px tiles). */
export const ORG_CLUSTER_RADIUS = 44;
/** Above this zoom every org is drawn on its own. */
export const ORG_CLUSTER_MAX_ZOOM = 13;

/** A cluster of several orgs at one zoom. */
export interface OrgCluster {
  clusterId: number;
  count: number;
  position: [number, number];
  /** The zoom at which the cluster falls apart (what a click zooms to). */
  expansionZoom: number;
}

/** What to draw at one zoom: the orgs shown on their own, and the clusters. */
export interface OrgItems {
  singles: OrgPoint[];
  clusters: OrgCluster[];
}

/** The org points' cluster index. */
export type OrgIndex = Supercluster<{ index: number }, AnyProps>;

/** Builds the cluster index over `orgs` (already filtered). */
export function buildOrgIndex(orgs: readonly OrgPoint[]): { index: OrgIndex; orgs: readonly OrgPoint[] } {
  const index: OrgIndex = new Supercluster({ radius: ORG_CLUSTER_RADIUS, maxZoom: ORG_CLUSTER_MAX_ZOOM });
  index.load(
    orgs.map((org, i) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: org.position },
      properties: { index: i },
    })),
  );
  return { index, orgs };
}

/** What to draw at `zoom` (the whole world: the collection is small). */
export function orgItemsAt({ index, orgs }: ReturnType<typeof buildOrgIndex>, zoom: number): OrgItems {
  const z = Math.max(0, Math.floor(zoom));
  const items: OrgItems = { singles: [], clusters: [] };
  for (const f of index.getClusters([-180, -85, 180, 85], z)) {
    const [lon, lat] = f.geometry.coordinates as [number, number];
    const p = f.properties;
    if ('cluster' in p && p.cluster) {
      const clusterId = p.cluster_id as number;
      const expansionZoom = Math.min(index.getClusterExpansionZoom(clusterId), ORG_CLUSTER_MAX_ZOOM + 1);
      items.clusters.push({ clusterId, count: p.point_count as number, position: [lon, lat], expansionZoom });
    } else {
      const org = orgs[(p as { index: number }).index];
      if (org) items.singles.push(org);
    }
  }
  return items;
}
