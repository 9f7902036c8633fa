import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';

const ESTIMATE = 64;
const OVERSCAN_PX = 600;
const NEAR_TOP_PX = 300;
const STUCK_PX = 48;

export interface TimelineProps<T> {
  items: T[];
  keyOf: (item: T) => string;
  render: (item: T) => ComponentChildren;
  /** Called when the user scrolls near the top (older history). */
  onNearTop: () => void;
  label: string;
}

/**
 * A virtualised message list: only the rows within the viewport (plus an overscan) are in the
 * DOM, spacers stand in for the rest, so 10,000 messages cost what 30 do. Row heights are measured
 * once rendered (estimates until then). The first visible row is kept in place across prepends and
 * re-measurements, and the list follows new messages while it is scrolled to the bottom.
 */
export function Timeline<T>({ items, keyOf, render, onNearTop, label }: TimelineProps<T>) {
  const box = useRef<HTMLDivElement>(null);
  const heights = useRef(new Map<string, number>());
  const anchor = useRef<{ key: string; offset: number } | undefined>(undefined);
  const stuck = useRef(true);
  const [view, setView] = useState({ top: 0, height: 600 });
  const [, remeasured] = useState(0);

  const keys = items.map(keyOf);
  const offsets = new Array<number>(keys.length + 1);
  offsets[0] = 0;
  for (let i = 0; i < keys.length; i++) offsets[i + 1] = offsets[i]! + (heights.current.get(keys[i]!) ?? ESTIMATE);
  const total = offsets[keys.length]!;
  const first = Math.max(0, lowerBound(offsets, view.top - OVERSCAN_PX) - 1);
  const last = Math.min(keys.length, lowerBound(offsets, view.top + view.height + OVERSCAN_PX) + 1);

  // After every render: measure the rendered rows, then restore the anchor or stick to the bottom.
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    let changed = false;
    for (const row of el.querySelectorAll<HTMLElement>('[data-row]')) {
      const h = row.offsetHeight;
      if (heights.current.get(row.dataset.row!) !== h) {
        heights.current.set(row.dataset.row!, h);
        changed = true;
      }
    }
    if (changed) return remeasured((n) => n + 1);
    if (stuck.current) el.scrollTop = el.scrollHeight;
    else if (anchor.current) {
      const i = keys.indexOf(anchor.current.key);
      if (i >= 0) el.scrollTop = offsets[i]! - anchor.current.offset;
    }
    saveAnchor(el);
  });

  const saveAnchor = (el: HTMLDivElement) => {
    const i = Math.max(0, lowerBound(offsets, el.scrollTop) - 1);
    if (keys[i] !== undefined) anchor.current = { key: keys[i]!, offset: offsets[i]! - el.scrollTop };
  };

  const onScroll = () => {
    const el = box.current!;
    stuck.current = el.scrollHeight - el.scrollTop - el.clientHeight < STUCK_PX;
    saveAnchor(el);
    setView({ top: el.scrollTop, height: el.clientHeight });
    if (el.scrollTop < NEAR_TOP_PX) onNearTop();
  };

  useLayoutEffect(() => {
    const el = box.current!;
    const resize = new ResizeObserver(() => setView({ top: el.scrollTop, height: el.clientHeight }));
    resize.observe(el);
    return () => resize.disconnect();
  }, []);

  // An image that finishes loading changes its row's height (load does not bubble: captured here).
  return (
    <div
      ref={box}
      class="timeline"
      role="log"
      aria-label={label}
      aria-live="polite"
      tabIndex={0}
      onScroll={onScroll}
      onLoadCapture={() => remeasured((n) => n + 1)}
      data-rendered={last - first}
      data-total={keys.length}
    >
      <div style={{ height: `${offsets[first]}px` }} aria-hidden="true" />
      {items.slice(first, last).map((item, i) => (
        <div key={keys[first + i]} data-row={keys[first + i]} class="row">
          {render(item)}
        </div>
      ))}
      <div style={{ height: `${total - offsets[last]!}px` }} aria-hidden="true" />
    </div>
  );
}

/** The first index whose offset is >= value. */
function lowerBound(offsets: number[], value: number): number {
  let lo = 0;
  let hi = offsets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
