/**
 * A small timing harness for benchmarks: warm up, time many runs, report median and p99, and
 * put each case beside its reference so the ratio is measured in the same run, on the same
 * machine, under the same load.
 */
import { performance } from 'node:perf_hooks';

export interface Timing {
  median: number;
  p99: number;
  runs: number;
}

export function time(work: () => unknown, { warmup = 20, runs = 200 } = {}): Timing {
  for (let i = 0; i < warmup; i++) work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    work();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? NaN;
  return { median: at(0.5), p99: at(0.99), runs };
}

const ms = (value: number) => `${value.toFixed(3)} ms`;

/** Print one case beside its reference: medians, p99s and the ratio of medians. */
export function report(name: string, ours: Timing, reference: { name: string; timing: Timing }): void {
  const ratio = ours.median / reference.timing.median;
  process.stdout.write(
    `${name.padEnd(44)} median ${ms(ours.median).padStart(11)}  p99 ${ms(ours.p99).padStart(11)}  │ ` +
      `${reference.name.padEnd(28)} median ${ms(reference.timing.median).padStart(11)}  p99 ${ms(reference.timing.p99).padStart(11)}  │ ` +
      `ratio ${ratio.toFixed(2)}×\n`,
  );
}
