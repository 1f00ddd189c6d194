import { useEffect, useRef, useState } from 'react';
import { type EChartsCoreOption, loadECharts } from './echarts.ts';

/** What a click on a bar, slice or point names: its data item (with the `key` we put on it). */
export interface ChartPick {
  key: string;
  name: string;
  seriesIndex: number;
}

/** Props of {@link Chart}. */
export interface ChartProps {
  option: EChartsCoreOption;
  /** Accessible name; also the figure's caption for screen readers. */
  label: string;
  /** @default 240 */
  height?: number;
  /** @default 'light' */
  theme?: 'light' | 'dark';
  /** Called with the clicked item; without it the chart is not clickable. */
  onPick?: ((pick: ChartPick) => void) | undefined;
}

/**
 * One Apache ECharts chart on a canvas, loaded lazily (see echarts.ts), resized with its box and
 * disposed with the component. Data items may carry a `key`: a click reports it, so the page
 * can list the members or events behind the bar.
 */
export function Chart({ option, label, height = 240, theme = 'light', onPick }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<import('echarts/core').ECharts | null>(null);
  const pickRef = useRef(onPick);
  pickRef.current = onPick;
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    loadECharts().then(
      (echarts) => {
        if (disposed || !box.current) return;
        const instance = echarts.init(box.current, theme === 'dark' ? 'dark' : undefined, { renderer: 'canvas' });
        chart.current = instance;
        // Hung on its element like the map's, for tests and debugging in the console.
        (box.current as HTMLElement & { redmapChart?: unknown }).redmapChart = instance;
        instance.on('click', (p) => {
          const data = p.data as { key?: string } | undefined;
          const key = data?.key ?? p.name;
          if (pickRef.current && key !== undefined)
            pickRef.current({ key: String(key), name: p.name, seriesIndex: p.seriesIndex ?? 0 });
        });
        observer = new ResizeObserver(() => instance.resize());
        observer.observe(box.current);
      },
      () => setFailed(true),
    );
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, [theme]);

  useEffect(() => {
    // The chart may still be loading: apply once it exists, and on every later change.
    let cancelled = false;
    const apply = () => {
      if (cancelled) return;
      if (chart.current) {
        chart.current.setOption({ backgroundColor: 'transparent', ...option }, true);
        chart.current.getZr().setCursorStyle(onPick ? 'pointer' : 'default');
      } else requestAnimationFrame(apply);
    };
    apply();
    return () => {
      cancelled = true;
    };
  }, [option, onPick]);

  if (failed) return <p role="alert">{label}: chart unavailable</p>;
  return (
    <figure className="chart" aria-label={label}>
      <div ref={box} className="chart__canvas" style={{ height }} data-chart={label} />
    </figure>
  );
}
