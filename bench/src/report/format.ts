/** Number formats shared by the Markdown tables and the chart. NaN/null (no sample) shows as "–". */

const missing = (n: number | null | undefined): n is null | undefined => n === null || n === undefined || !Number.isFinite(n);

export function ms(n: number | null | undefined): string {
  if (missing(n)) return '–';
  if (n < 10) return n.toFixed(1);
  return Math.round(n).toLocaleString('en-US');
}

export function count(n: number | null | undefined): string {
  return missing(n) ? '–' : Math.round(n).toLocaleString('en-US');
}

export function cores(n: number | null | undefined): string {
  return missing(n) ? '–' : n.toFixed(2);
}

export function bytes(n: number | null | undefined): string {
  if (missing(n)) return '–';
  const abs = Math.abs(n);
  if (abs >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GiB`;
  if (abs >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  if (abs >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${Math.round(n)} B`;
}

export function percent(part: number, whole: number): string {
  if (whole <= 0) return '–';
  const p = (100 * part) / whole;
  return p === 0 ? '0' : p < 0.01 ? '<0.01%' : `${p.toFixed(2)}%`;
}

export function table(head: string[], rows: string[][], align: ('l' | 'r')[] = []): string {
  const sep = head.map((_, i) => ((align[i] ?? (i === 0 ? 'l' : 'r')) === 'r' ? '---:' : '---'));
  return [head, sep, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}
