import { Injectable } from '@nestjs/common';
import * as echarts from 'echarts';

import type { MonthlyReportQueryDto, StatisticsDimension, VolumeReport } from '@swx/contracts';
import type { Caller } from '@swx/platform';

import { addDays, monthBounds } from '../volumes/china-time';
import { toCsv } from './csv';
import { assertStatisticsReader, VolumeQueries } from './volume-queries';

/** The dimensions of a monthly report, in its order. */
export const MONTHLY_DIMENSIONS: readonly StatisticsDimension[] = [
  'direction',
  'tradeMode',
  'businessType',
  'country',
  'hsChapter',
  'district',
  'day',
];

export interface MonthlyReport {
  month: string;
  reports: VolumeReport[];
  /** The month by day, per direction, for the chart. */
  daily: { import: VolumeReport; export: VolumeReport };
}

const escape = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A chart drawn on the server as SVG (Apache ECharts' server-side rendering), no script in the page. */
export function svgChart(option: echarts.EChartsOption, width = 760, height = 320): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** Chart values are drawn, not summed: the tables beside them carry the exact decimals. */
const drawn = (valueCny: string): number => Number(valueCny);

const TITLES: Record<string, string> = {
  direction: '进出口 Direction',
  tradeMode: '监管方式 Trade mode',
  businessType: '业务类型 Business type',
  country: '国别（地区） Country or region',
  hsChapter: 'HS 章 HS chapter',
  district: '区县/园区 District or park',
  day: '日 Day',
};

/**
 * The monthly report (定期发布相关数据统计分析报告) of a China-time month: the volumes of every report dimension for
 * the month, the same figures as `GET /v1/statistics/volumes`, as one CSV or as an HTML page with SVG charts.
 */
@Injectable()
export class MonthlyReports {
  constructor(private readonly volumes: VolumeQueries) {}

  async build(caller: Caller, q: MonthlyReportQueryDto): Promise<MonthlyReport> {
    assertStatisticsReader(caller);
    const { from, to } = monthBounds(q.month);
    const filter = { from, to, stage: 'released' };
    const reports: VolumeReport[] = [];
    for (const d of MONTHLY_DIMENSIONS) reports.push(await this.volumes.report(d, filter));
    const [importDays, exportDays] = await Promise.all([
      this.volumes.report('day', { ...filter, direction: 'import' }),
      this.volumes.report('day', { ...filter, direction: 'export' }),
    ]);
    return { month: q.month, reports, daily: { import: importDays, export: exportDays } };
  }

  csv(r: MonthlyReport): string {
    return toCsv(
      ['month', 'dimension', 'key', 'label', 'count', 'valueCny'],
      r.reports.flatMap((v) => [
        ...v.rows.map((row) => [r.month, v.dimension, row.key, row.label, row.count, row.valueCny]),
        [r.month, v.dimension, 'total', 'total', v.total.count, v.total.valueCny],
      ]),
    );
  }

  html(r: MonthlyReport): string {
    const { from, to } = monthBounds(r.month);
    const days: string[] = [];
    for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
    const byDay = (v: VolumeReport) =>
      days.map((d) => drawn(v.rows.find((x) => x.key === d)?.valueCny ?? '0'));
    const countByDay = (v: VolumeReport) => days.map((d) => v.rows.find((x) => x.key === d)?.count ?? 0);
    const daily = svgChart({
      title: {
        text: `${r.month} 每日放行货值 Released value by day (CNY)`,
        left: 'center',
        top: 0,
        textStyle: { fontSize: 14 },
      },
      legend: { top: 30, data: ['进口 import', '出口 export', '票数 lists'] },
      grid: { top: 80, left: 70, right: 50, bottom: 40 },
      xAxis: { type: 'category', data: days.map((d) => d.slice(8)) },
      yAxis: [
        { type: 'value', name: 'CNY' },
        { type: 'value', name: 'lists', minInterval: 1 },
      ],
      series: [
        { name: '进口 import', type: 'bar', stack: 'v', data: byDay(r.daily.import) },
        { name: '出口 export', type: 'bar', stack: 'v', data: byDay(r.daily.export) },
        {
          name: '票数 lists',
          type: 'line',
          yAxisIndex: 1,
          data: countByDay(r.daily.import).map((n, i) => n + countByDay(r.daily.export)[i]),
        },
      ],
    });
    const bars = (v: VolumeReport, top = 10) => {
      const rows = v.rows.slice(0, top);
      return svgChart(
        {
          title: {
            text: `${TITLES[v.dimension] ?? v.dimension} (CNY)`,
            left: 'center',
            textStyle: { fontSize: 14 },
          },
          grid: { top: 40, left: 180, right: 40, bottom: 30 },
          xAxis: { type: 'value' },
          yAxis: { type: 'category', inverse: true, data: rows.map((x) => x.label.slice(0, 24)) },
          series: [
            {
              type: 'bar',
              data: rows.map((x) => drawn(x.valueCny)),
              label: { show: true, position: 'right' },
            },
          ],
        },
        760,
        Math.max(160, 60 + rows.length * 28),
      );
    };
    const pie = (v: VolumeReport) =>
      svgChart(
        {
          title: {
            text: `${TITLES[v.dimension] ?? v.dimension} (CNY)`,
            left: 'center',
            textStyle: { fontSize: 14 },
          },
          series: [
            {
              type: 'pie',
              radius: ['35%', '65%'],
              data: v.rows.map((x) => ({ name: x.label, value: drawn(x.valueCny) })),
              label: { formatter: '{b}: {d}%' },
            },
          ],
        },
        760,
        300,
      );
    const table = (v: VolumeReport) => `
      <table>
        <thead><tr><th>${escape(TITLES[v.dimension] ?? v.dimension)}</th><th>名称 Label</th><th>票数 Lists</th><th>货值 Value (CNY)</th></tr></thead>
        <tbody>${v.rows
          .map(
            (x) =>
              `<tr><td>${escape(x.key)}</td><td>${escape(x.label)}</td><td class="n">${x.count}</td><td class="n">${escape(x.valueCny)}</td></tr>`,
          )
          .join('')}</tbody>
        <tfoot><tr><td>合计 Total</td><td></td><td class="n">${v.total.count}</td><td class="n">${escape(v.total.valueCny)}</td></tr></tfoot>
      </table>`;
    const section = (v: VolumeReport, chart: string) =>
      `<section><h2>${escape(TITLES[v.dimension] ?? v.dimension)}</h2><figure>${chart}</figure>${table(v)}</section>`;
    const report = (d: StatisticsDimension) => r.reports.find((v) => v.dimension === d)!;
    const total = report('direction').total;
    return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>跨境电商统计月报 ${escape(r.month)} · Cross-border e-commerce monthly statistics</title>
<style>
body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 2em auto; max-width: 820px; color: #222; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0 2em; font-size: 13px; }
th, td { border-bottom: 1px solid #ddd; padding: 4px 8px; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
tfoot td { font-weight: bold; }
figure { margin: 0; }
</style>
</head>
<body>
<h1>跨境电商统计月报 ${escape(r.month)}</h1>
<p>Cross-border e-commerce monthly statistics, ${escape(from)} – ${escape(to)} (China time): lists released by customs (800),
less cancellations and returns; values are Σ line totalPrice in CNY at the rate table of each release day.
合计 ${total.count} 票, ${escape(total.valueCny)} 元.</p>
<section><h2>${escape(TITLES.day)}</h2><figure>${daily}</figure>${table(report('day'))}</section>
${section(report('direction'), pie(report('direction')))}
${section(report('tradeMode'), pie(report('tradeMode')))}
${section(report('businessType'), pie(report('businessType')))}
${section(report('country'), bars(report('country')))}
${section(report('hsChapter'), bars(report('hsChapter')))}
${section(report('district'), bars(report('district')))}
</body>
</html>
`;
  }
}
