import { stepPasses } from '../fanout/saturation.js';
import { P99_LIMIT_MS, type FanoutResult } from '../fanout/types.js';

/**
 * Latency against publish rate for every system, hand-written SVG (no chart dependency): log-scale
 * axes, p99 solid with filled dots (hollow for a failed step), p50 dashed, the 100 ms limit dotted.
 */
const W = 760;
const H = 440;
const M = { left: 64, right: 24, top: 48, bottom: 56 };
const COLORS = ['#1f6fb4', '#d4402b', '#2a9d4b', '#8e44ad'];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmt = (n: number) => (n >= 1000 ? `${n / 1000}k` : String(n));

/** 1, 2, 5 × 10^k between lo and hi. */
function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (v >= lo && v <= hi) ticks.push(Number(v.toPrecision(3)));
    }
  }
  return ticks;
}

/** The nearest 1, 2 or 5 × 10^k at or beyond v. */
function nice(v: number, direction: 'up' | 'down'): number {
  const e = Math.floor(Math.log10(v));
  const steps = [1, 2, 5, 10].map((m) => m * 10 ** e);
  return direction === 'up' ? steps.find((t) => t >= v)! : [...steps].reverse().find((t) => t <= v)!;
}

export function renderSvg(systems: FanoutResult[], title = 'Fan-out: end-to-end latency against publish rate'): string {
  const points = systems.flatMap((f) => f.steps);
  const rates = points.map((s) => s.targetRate);
  const values = points.flatMap((s) => [s.latencyMs.p50, s.latencyMs.p99]).filter((v) => Number.isFinite(v) && v > 0);
  const xLo = Math.min(...rates, 100) / 1.15;
  const xHi = Math.max(...rates, 100) * 1.15;
  const yLo = Math.max(0.1, nice(Math.min(...values, 1), 'down'));
  const yHi = nice(Math.max(...values, P99_LIMIT_MS * 2) * 1.1, 'up');
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const x = (v: number) => M.left + (pw * Math.log(v / xLo)) / Math.log(xHi / xLo);
  const y = (v: number) => M.top + ph - (ph * Math.log(Math.max(v, yLo) / yLo)) / Math.log(yHi / yLo);
  const px = (n: number) => n.toFixed(1);

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${W / 2}" y="24" text-anchor="middle" font-size="15" font-weight="600">${esc(title)}</text>`,
  ];
  for (const t of logTicks(yLo, yHi)) {
    out.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${px(y(t))}" y2="${px(y(t))}" stroke="#e6e6e6"/>`);
    out.push(`<text x="${M.left - 6}" y="${px(y(t) + 4)}" text-anchor="end" fill="#555">${fmt(t)}</text>`);
  }
  for (const r of [...new Set(rates)].sort((a, b) => a - b)) {
    out.push(`<line x1="${px(x(r))}" x2="${px(x(r))}" y1="${M.top}" y2="${M.top + ph}" stroke="#f0f0f0"/>`);
    out.push(`<text x="${px(x(r))}" y="${M.top + ph + 16}" text-anchor="middle" fill="#555">${fmt(r)}</text>`);
  }
  out.push(`<rect x="${M.left}" y="${M.top}" width="${pw}" height="${ph}" fill="none" stroke="#999"/>`);
  out.push(`<text x="${M.left + pw / 2}" y="${H - 14}" text-anchor="middle">publish rate (messages/s, log scale)</text>`);
  out.push(`<text transform="translate(16 ${M.top + ph / 2}) rotate(-90)" text-anchor="middle">latency (ms, log scale)</text>`);
  out.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${px(y(P99_LIMIT_MS))}" y2="${px(y(P99_LIMIT_MS))}" stroke="#333" stroke-dasharray="2 3"/>`);
  out.push(
    `<text x="${W - M.right - 4}" y="${px(y(P99_LIMIT_MS) - 5)}" text-anchor="end" fill="#333" stroke="#fff" stroke-width="3" paint-order="stroke">p99 limit ${P99_LIMIT_MS} ms</text>`,
  );

  // The legend sits top left, where the low rates' low latencies never reach; a veil keeps it legible anyway.
  out.push(`<rect x="${M.left + 6}" y="${M.top + 4}" width="360" height="${systems.length * 34 + 4}" fill="#fff" fill-opacity="0.8"/>`);
  systems.forEach((f, i) => {
    const color = COLORS[i % COLORS.length]!;
    const steps = f.steps.filter((s) => Number.isFinite(s.latencyMs.p99));
    const path = (pick: (s: (typeof steps)[number]) => number) =>
      steps.map((s, j) => `${j === 0 ? 'M' : 'L'}${px(x(s.targetRate))},${px(y(pick(s)))}`).join(' ');
    out.push(`<path d="${path((s) => s.latencyMs.p50)}" fill="none" stroke="${color}" stroke-width="1.5" stroke-dasharray="5 4"/>`);
    out.push(`<path d="${path((s) => s.latencyMs.p99)}" fill="none" stroke="${color}" stroke-width="2.2"/>`);
    for (const s of steps) {
      const ok = stepPasses(s);
      out.push(
        `<circle cx="${px(x(s.targetRate))}" cy="${px(y(s.latencyMs.p99))}" r="3.5" fill="${ok ? color : '#fff'}" stroke="${color}" stroke-width="1.5"><title>${esc(`${f.label} @ ${s.targetRate} msg/s: p99 ${s.latencyMs.p99} ms, p50 ${s.latencyMs.p50} ms`)}</title></circle>`,
      );
    }
    const ly = M.top + 16 + i * 34;
    out.push(`<line x1="${M.left + 12}" x2="${M.left + 40}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2.2"/>`);
    out.push(`<text x="${M.left + 46}" y="${ly + 4}">${esc(f.label)} p99${f.saturation ? ` (saturates at ${fmt(f.saturation.rate)} msg/s)` : ''}</text>`);
    out.push(`<line x1="${M.left + 12}" x2="${M.left + 40}" y1="${ly + 15}" y2="${ly + 15}" stroke="${color}" stroke-width="1.5" stroke-dasharray="5 4"/>`);
    out.push(`<text x="${M.left + 46}" y="${ly + 19}">${esc(f.label)} p50</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
