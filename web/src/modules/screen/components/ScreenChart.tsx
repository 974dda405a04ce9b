import { BarChart, GaugeChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use as registerParts, type EChartsCoreOption, type EChartsType } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only the chart types the screen draws, so its chunk stays a fraction of the full library.
registerParts([
  BarChart,
  GaugeChart,
  LineChart,
  PieChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export interface ScreenChartProps {
  option: EChartsCoreOption;
  /** Pixels, or 'fill' to take the rest of the panel. */
  height: number | 'fill';
  testId?: string;
}

/**
 * One ECharts instance per mount. New options are merged, not replaced, so a live value
 * animates from the old one instead of redrawing the chart from nothing.
 */
export function ScreenChart({ option, height, testId }: ScreenChartProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<EChartsType | null>(null);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const chart = init(container, undefined, { renderer: 'canvas' });
    chartRef.current = chart;
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(container);
    return () => {
      observer.disconnect();
      chartRef.current = null;
      chart.dispose();
    };
  }, []);

  useEffect(() => {
    chartRef.current?.setOption(option);
  }, [option]);

  const style =
    height === 'fill' ? { width: '100%', flex: 1, minHeight: 80 } : { width: '100%', height };
  return <div ref={containerRef} data-testid={testId} style={style} />;
}
