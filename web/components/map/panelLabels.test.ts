import { describe, expect, it } from 'vitest';
import type { Translate } from '../../i18n/context.ts';
import { MESSAGES } from '../../i18n/messages.ts';
import { BORDER_COLOR, ORG_KIND_COLOR, SITE_KIND_COLOR, ZONE_KIND_COLOR } from '../../map/palette.ts';
import { THEMATIC_LAYERS } from '../../map/state.ts';
import { legendEntries } from './Legend.tsx';
import { panelLabel } from './panelLabels.ts';

const zh: Translate = (key) => MESSAGES['zh-CN'][key];

describe('panelLabel', () => {
  it('translates known server values', () => {
    expect(panelLabel(zh, 'zoneKind', 'border_defence')).toBe('强边固防责任区');
    expect(panelLabel(zh, 'education', 'bachelor')).toBe('大学本科');
    expect(panelLabel(zh, 'resultKind', 'joint_point')).toBe('联建共建点');
  });

  it('shows an unknown value as itself', () => {
    expect(panelLabel(zh, 'partnerKind', 'fire_brigade')).toBe('fire_brigade');
  });
});

describe('legendEntries', () => {
  it('gives every thematic layer a labelled legend', () => {
    for (const layer of THEMATIC_LAYERS) {
      const entries = legendEntries(zh, layer);
      expect(entries.length).toBeGreaterThan(0);
      for (const e of entries) expect(e.label).not.toMatch(/^panels\./);
    }
  });

  it('takes its colours from the shared palette, one per kind', () => {
    expect(legendEntries(zh, 'orgs').map((e) => e.color)).toEqual(Object.values(ORG_KIND_COLOR));
    expect(legendEntries(zh, 'zones').map((e) => e.color)).toEqual(Object.values(ZONE_KIND_COLOR));
    expect(legendEntries(zh, 'sites').map((e) => e.color)).toEqual(Object.values(SITE_KIND_COLOR));
    expect(legendEntries(zh, 'border')).toEqual([{ shape: 'line', color: BORDER_COLOR, label: '中越国境线' }]);
  });
});
