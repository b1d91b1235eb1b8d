import path from 'node:path';

/** The parts of a V8 `.cpuprofile` (node --cpu-prof) this summary reads. */
export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** One function's self time in a profile. */
export interface TopFrame {
  /** `function (file:line)`, or V8's own names: `(garbage collector)`, `(program)`, `(idle)`. */
  readonly frame: string;
  readonly selfMs: number;
  /** Share of the profile's busy time (idle excluded). */
  readonly share: number;
}

/**
 * The functions that spent the most self time in a profile, idle excluded: what `node --cpu-prof` of a service under
 * load says about where its CPU goes (sampled, so small shares are noisy).
 */
export function topFrames(profile: CpuProfile, count = 8): TopFrame[] {
  const name = new Map<number, string>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const fn = functionName || '(anonymous)';
    name.set(node.id, url ? `${fn} (${shortUrl(url)}:${lineNumber + 1})` : fn);
  }
  const selfUs = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = name.get(id) ?? '(unknown)';
    selfUs.set(frame, (selfUs.get(frame) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  selfUs.delete('(idle)');
  const busy = [...selfUs.values()].reduce((a, b) => a + b, 0);
  return [...selfUs]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([frame, us]) => ({ frame, selfMs: us / 1000, share: busy > 0 ? us / busy : 0 }));
}

/** `file:///.../node_modules/.pnpm/kafkajs@2.2.4/node_modules/kafkajs/src/x.js` -> `kafkajs/src/x.js`. */
function shortUrl(url: string): string {
  const p = url.replace(/^file:\/\//, '');
  const nm = p.lastIndexOf('/node_modules/');
  if (nm >= 0) return p.slice(nm + '/node_modules/'.length);
  const parts = p.split(path.sep);
  return parts.slice(-3).join('/');
}
