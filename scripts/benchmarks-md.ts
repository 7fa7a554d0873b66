/**
 * Writes the "Latest run" table of BENCHMARKS.md from bench/results.json (npm run bench writes both).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const START = '<!-- latest-run:start -->';
const END = '<!-- latest-run:end -->';

interface Row {
  figure: string;
  value: number;
  unit: string;
  budget: number | null;
  kind: string;
  verdict: string;
  note?: string;
}

export function latestRunTable(results: { date: string; node: string; rows: Row[] }): string {
  const lines = [
    `Run on ${results.date.slice(0, 16).replace('T', ' ')} UTC, Node ${results.node}, 2 cores.`,
    '',
    '| figure | value | budget | verdict | note |',
    '| --- | --- | --- | --- | --- |',
    ...results.rows.map(
      (r) =>
        `| ${r.figure} | ${r.value} ${r.unit} | ${r.budget === null ? '—' : `${r.kind === 'equal' ? '=' : '≤'} ${r.budget}`} | ${r.verdict} | ${r.note ?? ''} |`,
    ),
  ];
  return lines.join('\n');
}

export function updateBenchmarksMd(): void {
  const file = path.join(ROOT, 'BENCHMARKS.md');
  const results = JSON.parse(readFileSync(path.join(ROOT, 'bench/results.json'), 'utf8'));
  const md = readFileSync(file, 'utf8');
  const i = md.indexOf(START);
  const j = md.indexOf(END);
  if (i < 0 || j < 0) throw new Error('BENCHMARKS.md lacks the latest-run markers');
  writeFileSync(file, `${md.slice(0, i + START.length)}\n${latestRunTable(results)}\n${md.slice(j)}`);
}

if (require.main === module) updateBenchmarksMd();
