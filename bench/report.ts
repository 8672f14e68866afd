import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { median } from './stats.js';

/** One figure of a row, measured once per repetition, with what it is compared to. */
export interface Line {
  row: string;
  label: string;
  unit: string;
  figures: number[];
  baseline?: { label: string; figures: number[] };
  details?: Record<string, unknown>;
}

export interface Summarised {
  row: string;
  label: string;
  unit: string;
  figure: number;
  spread: { min: number; max: number; n: number };
  baseline: { label: string; figure: number; spread: { min: number; max: number } } | null;
  /** figure ÷ baseline: above 1 is more (of a rate: better; of a time: worse). */
  ratio: number | null;
  details?: Record<string, unknown>;
}

const spreadOf = (values: number[]) => ({
  min: Math.min(...values),
  max: Math.max(...values),
  n: values.length,
});

export function summarise(line: Line): Summarised {
  const figure = median(line.figures);
  const baseline = line.baseline && {
    label: line.baseline.label,
    figure: median(line.baseline.figures),
    spread: spreadOf(line.baseline.figures),
  };
  // A baseline at or below zero (a budget already spent) has no ratio to give.
  const ratio = baseline && baseline.figure > 0 ? figure / baseline.figure : null;
  return {
    row: line.row,
    label: line.label,
    unit: line.unit,
    figure,
    spread: spreadOf(line.figures),
    baseline: baseline ?? null,
    ratio,
    ...(line.details ? { details: line.details } : {}),
  };
}

const format = (value: number) => {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  const digits = abs >= 100 || Number.isInteger(value) ? 0 : abs >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
};

/** The table: row, figure, baseline, ratio, spread. */
export function printTable(lines: Summarised[]): void {
  const cells = lines.map((line) => [
    line.label,
    `${format(line.figure)} ${line.unit}`,
    line.baseline ? `${format(line.baseline.figure)} ${line.unit} (${line.baseline.label})` : '—',
    line.ratio === null ? '—' : `${line.ratio.toFixed(2)}×`,
    line.spread.n > 1
      ? `${format(line.spread.min)}–${format(line.spread.max)} (n=${line.spread.n})`
      : 'n=1',
  ]);
  const header = ['row', 'figure', 'baseline', 'ratio', 'spread'];
  const widths = header.map((title, i) =>
    Math.max(title.length, ...cells.map((row) => row[i]!.length)),
  );
  const render = (row: string[]) =>
    row
      .map((cell, i) => (i === 0 || i === 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ');
  console.log(`\n${render(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const row of cells) console.log(render(row));
}

export async function writeResults(file: string, results: object): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
}
