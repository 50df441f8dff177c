/** The benchmark's chart: two grouped bar panels in one small hand-written SVG (no dependency, diffable). */

export interface BarGroup {
  readonly label: string;
  /** One bar per series, in the panel's series order. */
  readonly values: readonly number[];
  /** Under the group (a ratio, say). */
  readonly note?: string;
}

export interface Panel {
  readonly title: string;
  readonly series: readonly string[];
  readonly groups: readonly BarGroup[];
  readonly format: (value: number) => string;
}

const WIDTH = 420;
const HEIGHT = 300;
const COLORS = ['#9ca3af', '#2563eb', '#16a34a'];

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function panel(p: Panel, offsetX: number): string {
  const top = 50;
  const bottom = HEIGHT - 60;
  const max = Math.max(1, ...p.groups.flatMap((group) => group.values));
  const groupWidth = (WIDTH - 60) / p.groups.length;
  const barWidth = Math.min(60, (groupWidth - 30) / p.series.length);
  const parts = [
    `<text x="${offsetX + WIDTH / 2}" y="24" text-anchor="middle" font-size="14" font-weight="600">${escape(p.title)}</text>`,
    `<line x1="${offsetX + 30}" y1="${bottom}" x2="${offsetX + WIDTH - 20}" y2="${bottom}" stroke="#333"/>`,
  ];
  p.series.forEach((name, index) => {
    const x = offsetX + 40 + index * 150;
    parts.push(
      `<rect x="${x}" y="34" width="10" height="10" fill="${COLORS[index % COLORS.length]}"/>`,
      `<text x="${x + 14}" y="43" font-size="11">${escape(name)}</text>`,
    );
  });
  p.groups.forEach((group, groupIndex) => {
    const groupX = offsetX + 40 + groupIndex * groupWidth;
    const barsWidth = barWidth * p.series.length;
    group.values.forEach((value, index) => {
      const height = ((bottom - top - 20) * value) / max;
      const x = groupX + (groupWidth - barsWidth) / 2 + index * barWidth;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${(bottom - height).toFixed(1)}" width="${(barWidth - 4).toFixed(1)}" height="${height.toFixed(1)}" fill="${COLORS[index % COLORS.length]}"/>`,
        `<text x="${(x + barWidth / 2 - 2).toFixed(1)}" y="${(bottom - height - 4).toFixed(1)}" text-anchor="middle" font-size="10">${escape(p.format(value))}</text>`,
      );
    });
    const centre = groupX + groupWidth / 2;
    parts.push(
      `<text x="${centre.toFixed(1)}" y="${bottom + 16}" text-anchor="middle" font-size="12">${escape(group.label)}</text>`,
    );
    if (group.note) {
      parts.push(
        `<text x="${centre.toFixed(1)}" y="${bottom + 32}" text-anchor="middle" font-size="11" fill="#555">${escape(group.note)}</text>`,
      );
    }
  });
  return parts.join('\n');
}

export function renderChart(panels: readonly Panel[], caption: string): string {
  const width = WIDTH * panels.length;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${HEIGHT + 20}" viewBox="0 0 ${width} ${HEIGHT + 20}" font-family="system-ui, sans-serif">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    ...panels.map((p, index) => panel(p, index * WIDTH)),
    `<text x="10" y="${HEIGHT + 12}" font-size="10" fill="#555">${escape(caption)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}
