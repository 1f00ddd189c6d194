import { useIndexDefinition } from '../../hooks/usePortraits.ts';
import { useI18n } from '../../i18n/context.ts';
import { Chart } from '../charts/Chart.tsx';
import type { EChartsCoreOption } from '../charts/echarts.ts';
import { keyLabel, percent } from './labels.ts';

/** Props of {@link IndexPanel}. */
export interface IndexPanelProps {
  score: number | null;
  items: { key: string; weight: number; value: number | null }[];
  option: EChartsCoreOption;
  which: 'organisation' | 'vanguard';
}

/**
 * An index score with its radar and, next to each item, its share, weight and how it is computed
 * (from `GET /api/indices/definition`, the same configuration the server scores with).
 */
export function IndexPanel({ score, items, option, which }: IndexPanelProps) {
  const { t, locale } = useI18n();
  const definition = useIndexDefinition();
  const formula = (key: string) => {
    if (definition.status !== 'success') return '';
    return definition.data[which].find((i) => i.key === key)?.formula[locale] ?? '';
  };
  const title = t(which === 'organisation' ? 'index.organisation' : 'index.vanguard');
  if (score === null && items.every((i) => i.value === null)) return <p>{t('portrait.noIndex')}</p>;
  return (
    <div className="index-panel">
      <p className="index-panel__score">
        {title} <strong data-testid={`index-${which}`}>{score === null ? '—' : score.toFixed(1)}</strong>
      </p>
      <Chart option={option} label={title} height={220} />
      <p className="index-panel__formula">{t('index.formula')}：100 × Σ(权重 × 得分率) ÷ Σ(适用项权重)</p>
      <table className="data-table data-table--compact">
        <thead>
          <tr>
            <th>{t('analysis.sheet.dimension')}</th>
            <th>{t('index.weight')}</th>
            <th>{t('portrait.completion')}</th>
            <th>{t('index.formula')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.key}>
              <td>{keyLabel(t, 'item', i.key)}</td>
              <td>{i.weight}</td>
              <td>{i.value === null ? t('index.na') : percent(i.value)}</td>
              <td className="index-panel__item-formula">{formula(i.key)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
