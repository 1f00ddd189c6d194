import type { SiteDetail } from '../../../hooks/useFeatureDetail.ts';
import { useT } from '../../../i18n/context.ts';
import { SITE_KIND_COLOR } from '../../../map/palette.ts';
import { SITE_KINDS, type SiteKind } from '../../../map/state.ts';
import { locateTarget } from '../featureFacts.ts';
import { Swatch } from '../Legend.tsx';
import { panelLabel } from '../panelLabels.ts';
import type { SummaryActions } from './actions.ts';
import { Facts, FeatureLink, LocateButton } from './Facts.tsx';

const isSiteKind = (k: string): k is SiteKind => (SITE_KINDS as readonly string[]).includes(k);

/** A site (烟站, 收购点 …): kind, county and the organisation that looks after it. */
export function SiteSummary({ site, onSelect, onFlyTo }: SummaryActions & { site: SiteDetail }) {
  const t = useT();
  const target = locateTarget(site.geometry);
  const { orgId, orgName } = site;
  return (
    <>
      <Facts
        facts={[
          [
            t('panels.site.kind'),
            <span key="k" className="drawer-kind">
              {isSiteKind(site.kind) && <Swatch shape="point" color={SITE_KIND_COLOR[site.kind]} />}
              {panelLabel(t, 'siteKind', site.kind)}
            </span>,
          ],
          [t('panels.site.county'), site.countyName],
          [
            t('panels.site.owner'),
            orgId !== null ? (
              <FeatureLink key="o" onClick={() => onSelect({ kind: 'org', id: orgId })}>
                {orgName ?? String(orgId)}
              </FeatureLink>
            ) : (
              t('panels.drawer.none')
            ),
          ],
        ]}
      />
      {target && <LocateButton name={site.name} onClick={() => onFlyTo(target.center, target.zoom)} />}
    </>
  );
}
