import { svgChart } from './monthly-report';

describe('monthly report charts', () => {
  it('draws an SVG on the server with Apache ECharts, labels escaped', () => {
    const svg = svgChart({
      xAxis: { type: 'category', data: ['美国 United States', '<b>&'] },
      yAxis: { type: 'value' },
      series: [{ type: 'bar', data: [8000, 1202] }],
    });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('美国 United States');
    expect(svg).not.toContain('<b>&');
    expect(svg).toContain('<path');
  });
});
