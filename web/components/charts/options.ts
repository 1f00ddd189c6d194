import type { EChartsCoreOption } from './echarts.ts';

/** A bar, slice or point: the label shown, the count, and the key a click reports. */
export interface Datum {
  key: string;
  label: string;
  value: number;
}

/** The RedMap palette for charts: Party red first, then calm colours that read on light and dark. */
export const CHART_COLORS = ['#c8102e', '#f2a900', '#3a7bd5', '#2e9f6e', '#8e5cc4', '#e0672b', '#5b6b7f', '#00a3a3'];

const tooltip = { trigger: 'item', confine: true } as const;

/** Every category label shown, wrapped onto a second line rather than overlapping its neighbour. */
const WRAPPED = { interval: 0, width: 56, overflow: 'break', lineHeight: 14 } as const;

/** A vertical (or horizontal) bar chart of one series. */
export function barOption(data: Datum[], opts: { horizontal?: boolean; unit?: string } = {}): EChartsCoreOption {
  const category = { type: 'category', data: data.map((d) => d.label), axisLabel: WRAPPED };
  const value = { type: 'value', minInterval: 1 };
  return {
    color: CHART_COLORS,
    tooltip,
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: opts.horizontal ? value : category,
    yAxis: opts.horizontal ? { ...category, inverse: true } : value,
    series: [
      {
        type: 'bar',
        data: data.map((d) => ({ value: d.value, key: d.key, name: d.label })),
        label: { show: true, position: opts.horizontal ? 'right' : 'top' },
        barMaxWidth: 36,
      },
    ],
  };
}

/** A pie, or a ring with `ring`; `legend: false` for small charts whose slices are labelled. */
export function pieOption(data: Datum[], opts: { ring?: boolean; legend?: boolean } = {}): EChartsCoreOption {
  return {
    color: CHART_COLORS,
    tooltip: { ...tooltip, formatter: '{b}: {c} ({d}%)' },
    legend: { show: opts.legend ?? true, bottom: 0, type: 'scroll' },
    series: [
      {
        type: 'pie',
        radius: opts.ring ? ['42%', '68%'] : '65%',
        center: ['50%', '45%'],
        data: data.map((d) => ({ value: d.value, key: d.key, name: d.label })),
        label: { formatter: '{b}\n{c}' },
      },
    ],
  };
}

/** Grouped bars: one category axis, several series (e.g. 应开 and 已开 per kind of org life). */
export function groupedBarOption(
  categories: { key: string; label: string }[],
  series: { name: string; values: number[] }[],
): EChartsCoreOption {
  return {
    color: ['#c0c6cf', '#c8102e'],
    tooltip: { trigger: 'axis', confine: true },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: categories.map((c) => c.label), axisLabel: WRAPPED },
    yAxis: { type: 'value', minInterval: 1 },
    series: series.map((s) => ({
      type: 'bar',
      name: s.name,
      data: s.values.map((v, i) => ({ value: v, key: categories[i]?.key, name: categories[i]?.label })),
      label: { show: true, position: 'top' },
      barMaxWidth: 28,
    })),
  };
}

/** A line over months; values are shares (0–1) shown as percentages when `percent`. */
export function lineOption(
  months: string[],
  series: { name: string; values: (number | null)[] }[],
  opts: { percent?: boolean } = {},
): EChartsCoreOption {
  return {
    color: CHART_COLORS,
    tooltip: { trigger: 'axis', confine: true },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: months, boundaryGap: false },
    yAxis: opts.percent
      ? { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } }
      : { type: 'value', minInterval: 1 },
    series: series.map((s) => ({
      type: 'line',
      name: s.name,
      smooth: true,
      connectNulls: true,
      data: s.values.map((v, i) => ({
        value: v === null ? null : opts.percent ? Math.round(v * 1000) / 10 : v,
        key: months[i],
        name: months[i],
      })),
    })),
  };
}

/** A radar of index items, each in [0, 1] (shown 0–100); items that do not apply sit at 0, greyed. */
export function radarOption(
  items: { key: string; label: string; value: number | null }[],
  name: string,
): EChartsCoreOption {
  return {
    color: CHART_COLORS,
    tooltip: { confine: true },
    radar: {
      indicator: items.map((i) => ({ name: i.value === null ? `${i.label}*` : i.label, max: 100 })),
      radius: '62%',
      axisName: { fontSize: 11 },
    },
    series: [
      {
        type: 'radar',
        data: [{ name, value: items.map((i) => (i.value === null ? 0 : Math.round(i.value * 1000) / 10)) }],
        areaStyle: { opacity: 0.25 },
      },
    ],
  };
}
