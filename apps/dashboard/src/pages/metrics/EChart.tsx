import { useComputedColorScheme } from '@mantine/core';
import { useReducedMotion } from '@mantine/hooks';
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only what the metrics page draws, so the bundle carries two chart types and the SVG renderer, not all of echarts.
echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, SVGRenderer]);

interface Props {
  option: EChartsCoreOption;
  /** Said by screen readers instead of the drawing (the numbers are in the cards and tables too). */
  label: string;
  height?: number;
}

/** An echarts chart that follows the colour scheme, resizes with its box and does not animate under reduced motion. */
export function EChart({ option, label, height = 260 }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const scheme = useComputedColorScheme('light');
  const reduced = useReducedMotion();

  useEffect(() => {
    if (!ref.current) return;
    const instance = echarts.init(ref.current, scheme === 'dark' ? 'dark' : undefined, { renderer: 'svg' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [scheme]);

  useEffect(() => {
    chart.current?.setOption({ backgroundColor: 'transparent', animation: !reduced, aria: { enabled: true, label: { description: label } }, ...option }, true);
  }, [option, reduced, label, scheme]);

  return <div ref={ref} role="img" aria-label={label} style={{ width: '100%', height }} />;
}
