import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { alignShelf } from './align-shelf.js';
import { confidenceWeight, WEIGHT_UNIT } from './confidence-weight.js';
import type { Detection } from './detection.js';
import { groupIntoShelves } from './group-into-shelves.js';
import { parsePlanogram } from './parse-planogram.js';
import { PlanogramReasons } from './reasons.js';
import { type ScoreCaptureInput, scoreCapture } from './score-capture.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The fenced block that follows `<!-- name -->` in the README. */
function block(name: string): string {
  const match = new RegExp(`<!-- ${name} -->\\s*\`\`\`\\w*\\n([\\s\\S]*?)\`\`\``).exec(readme);
  assert.ok(match, `README has no block marked <!-- ${name} -->`);
  return match[1]!;
}

function workedExample() {
  const parsed = parsePlanogram(block('worked-example:planogram'));
  assert.ok(parsed.ok, 'the worked-example planogram validates');
  const input = JSON.parse(block('worked-example:input')) as Omit<ScoreCaptureInput, 'planogram'>;
  return { ...input, planogram: parsed.planogram };
}

test('the README worked example planogram is the shipped example file', () => {
  const example = readFileSync(new URL('../examples/gondola-basic.json', import.meta.url), 'utf8');
  assert.deepEqual(JSON.parse(block('worked-example:planogram')), JSON.parse(example));
});

test('the README worked example alignment is what alignShelf produces', () => {
  const input = workedExample();
  const shelves = groupIntoShelves(input.detections, input.planogram.shelves.length, { imageHeight: 400 });
  const lines = shelves.flatMap((detections: readonly Detection[], s) => {
    const planned = input.planogram.shelves[s]!.facings.flatMap(
      (f) => Array(f.facings).fill(f.sku) as string[],
    );
    const weights = detections.map((d) => confidenceWeight(d.score));
    const { steps } = alignShelf(
      planned,
      detections.map((d) => d.sku),
      weights,
    );
    return [
      `shelf ${s}`,
      ...steps.map((step) => {
        if (step.kind === 'missing') return `  missing  ${planned[step.expected]}`;
        const d = detections[step.detected]!;
        const detail = `${String(d.sku).padEnd(20)} score ${String(d.score).padEnd(5)}`;
        return step.kind === 'match'
          ? `  match    ${detail} weight ${step.weight / WEIGHT_UNIT}`
          : `  extra    ${detail}`.trimEnd();
      }),
    ];
  });
  assert.equal(lines.join('\n'), block('worked-example:alignment').trimEnd());
});

test('the README worked example result is exactly what scoreCapture returns', () => {
  assert.deepEqual(scoreCapture(workedExample()), JSON.parse(block('worked-example:result')));
});

test('the README reason-code table lists exactly the registry', () => {
  const rows = [...readme.matchAll(/^\| `([A-Z_]+)` +\| (yes|no) +\|/gm)].map((m) => [m[1], m[2] === 'yes']);
  const registry = Object.entries(PlanogramReasons).map(([code, entry]) => [code, entry.retriable]);
  assert.deepEqual(rows, registry);
});
