import { describe, expect, it } from 'vitest';
import { saturation } from '../fanout/saturation.js';
import { fanoutResult, report, step } from './fixtures.js';
import { renderMarkdown } from './markdown.js';
import { renderSvg } from './svg.js';
import { reportBase } from './write.js';

const oursSteps = [step(100, 4), step(200, 6), step(400, 30)];
const peerSteps = [step(100, 12), step(200, 140), step(400, 400)];
const both = report([fanoutResult('ours', oursSteps, saturation(oursSteps)), fanoutResult('peer', peerSteps, saturation(peerSteps))], 4);

describe('renderMarkdown', () => {
  const md = renderMarkdown(both, '2026-01-02.svg');

  it('states the machine, the commit and the exact command', () => {
    expect(md).toContain('Test CPU, 2 cores, 8.0 GiB RAM');
    expect(md).toContain('commit abc123');
    expect(md).toContain('`npm run bench`');
    expect(md).not.toContain('a busy machine');
    expect(renderMarkdown({ ...both, machine: { ...both.machine, loadAverage: 5 } })).toContain('a busy machine');
  });

  it('summarises saturation side by side with the ratio and the verdict', () => {
    expect(md).toMatch(/\| saturation: publish rate \(msg\/s\) \| 400 \| 100 \|/);
    expect(md).toMatch(/\| saturation: deliveries\/s \| 8,000 \| 2,000 \|/);
    expect(md).toContain('**4.00×** (meets the ≥ 2× target)');
    expect(md).toContain('Server CPU per delivery, Socket.IO + redis-adapter / fc-chat gateway: 1.00×. Our p99 ≤ theirs at every rate they pass.');
    expect(md).toContain('![latency against publish rate](2026-01-02.svg)');
  });

  it('lists every rate with both systems on one row, marking failed steps', () => {
    const row = md.split('\n').find((l) => l.startsWith('| 200 |') && l.includes('140'));
    expect(row).toBeDefined();
    expect(row).toContain('6.0'); // ours p99 at 200 msg/s
    expect(row).toContain('140 ✗'); // peer failed there
  });

  it('reports memory per idle connection per node, weighted by measured connections', () => {
    expect(md).toMatch(/\| fc-chat gateway \| node-0 \| 1,000 \| 900 \| 90\.0 MiB \| .* \| 14\.0 MiB → 16\.0 MiB \| 20\.0 KiB \|/);
    expect(md).toMatch(/\| fc-chat gateway \| node-1 \| 1,000 \| 900 \| 91\.0 MiB \| .* \| – \| 10\.0 KiB \|/);
    expect(md).toMatch(/\| memory per idle connection \| 15\.0 KiB \| 15\.0 KiB \|/);
  });

  it('has the send path per store, and says whether its commits were durable', () => {
    expect(md).toMatch(/\| postgres \| 100 \| 500 \| 8\.0 \| 20 \| 36 \| 80 \| 0 \| 0\.90 \| 150\.0 MiB \|/);
    expect(md).toContain('PostgreSQL flushed its WAL at every commit (fsync, synchronous_commit and full_page_writes on, as deployed).');
  });

  it('compares ours with each peer against its own target, and names the rates where a peer has the lower p99', () => {
    const centrifugoSteps = [step(100, 3), step(200, 5), step(400, 300)];
    const three = report([...both.fanout, fanoutResult('centrifugo', centrifugoSteps, saturation(centrifugoSteps))], 4);
    expect(renderMarkdown(three)).toContain(
      'Saturation throughput, fc-chat gateway / Centrifugo (Redis engine, GOMAXPROCS=1): **2.00×** (meets the ≥ 1× target). Server CPU per delivery, Centrifugo (Redis engine, GOMAXPROCS=1) / fc-chat gateway: 1.00×. Our p99 is above theirs at 100, 200 msg/s.',
    );
  });

  it('says when the ratio cannot be computed, and lists failures', () => {
    const failing = [step(100, 300), step(200, 400)];
    const none = report([both.fanout[0]!, fanoutResult('peer', failing, saturation(failing))], null);
    const text = renderMarkdown({ ...none, failures: [{ scenario: 'send (mongo)', error: 'boom\nstack' }] });
    expect(text).toContain('not comparable');
    expect(text).toContain('- send (mongo): boom');
    expect(text).not.toContain('stack');
  });
});

describe('renderSvg', () => {
  const svg = renderSvg(both.fanout);

  it('is one standalone SVG with a p99 and a p50 line per system and the 100 ms limit', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<path /g)).toHaveLength(4);
    expect(svg).toContain('p99 limit 100 ms');
    expect(svg).toContain('saturates at 400 msg/s');
  });

  it('draws failed steps hollow', () => {
    expect(svg.match(/<circle [^>]*fill="#fff"/g)).toHaveLength(2); // the peer's 200 and 400 steps
  });

  it('escapes labels', () => {
    expect(renderSvg([{ ...both.fanout[0]!, label: 'a <b> & c' }])).toContain('a &lt;b&gt; &amp; c');
  });
});

describe('reportBase', () => {
  it('names the files by date, with a time suffix when that date already has a report', () => {
    const at = new Date('2026-01-02T03:04:05Z');
    expect(reportBase('/r', at, () => false)).toBe('/r/2026-01-02');
    expect(reportBase('/r', at, (f) => f === '/r/2026-01-02.json')).toBe('/r/2026-01-02-030405');
  });
});
