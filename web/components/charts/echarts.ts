import type { EChartsCoreOption } from 'echarts/core';

export type { EChartsCoreOption };

/** The parts of ECharts a RedMap chart may use: bar, pie (and ring), radar and line, on canvas. */
type ECharts = typeof import('echarts/core');

let loading: Promise<ECharts> | null = null;

/**
 * Loads ECharts on first use, in chunks of its own, so the map page never downloads it. Only the
 * chart kinds and components used here are registered (tree-shaken), not the whole library.
 */
export function loadECharts(): Promise<ECharts> {
  loading ??= Promise.all([
    import('echarts/core'),
    import('echarts/charts'),
    import('echarts/components'),
    import('echarts/renderers'),
  ]).then(([core, charts, components, renderers]) => {
    core.use([
      charts.BarChart,
      charts.PieChart,
      charts.LineChart,
      charts.RadarChart,
      components.GridComponent,
      components.TooltipComponent,
      components.LegendComponent,
      components.TitleComponent,
      components.RadarComponent,
      renderers.CanvasRenderer,
    ]);
    return core;
  });
  return loading;
}
