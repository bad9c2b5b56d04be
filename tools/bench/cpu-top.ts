// Summarises V8 .cpuprofile files (node --cpu-prof): the top frames by self time.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

export interface TopFrame {
  frame: string;
  selfPct: number;
}

/**
 * Top `n` frames by self samples over every profile in `dir`, as a share of the busy samples
 * (idle left out; GC and "(program)" shown as such), and the busy share of all samples.
 */
export function topFrames(dir: string, root: string, n = 12): { busyPct: number; top: TopFrame[] } {
  const self = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: ProfileNode[] };
    for (const node of profile.nodes) {
      const hits = node.hitCount ?? 0;
      if (hits === 0) continue;
      const { functionName, url, lineNumber } = node.callFrame;
      if (functionName === '(idle)') {
        idle += hits;
        continue;
      }
      const where = url.startsWith('file://') ? relative(root, url.slice(7)) : url;
      const key =
        `${functionName || '(anonymous)'} ${where ? `${where}:${lineNumber + 1}` : ''}`.trim();
      self.set(key, (self.get(key) ?? 0) + hits);
      total += hits;
    }
  }
  const pct = (part: number, whole: number) => Math.round((part / Math.max(whole, 1)) * 1000) / 10;
  return {
    busyPct: pct(total, total + idle),
    top: [...self]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([frame, hits]) => ({ frame, selfPct: pct(hits, total) })),
  };
}
