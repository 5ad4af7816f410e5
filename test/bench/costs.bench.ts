/**
 * The cost engine at cohort scale: 10,000 journeys of 50 events each, priced and summed into
 * the calculator's table (target: under 200 ms). Reference: summing the same number of plain
 * numbers, the floor any engine pays.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { cohortReport, NO_ADJUSTMENT, parseDeflatorSeries, parseUnitCostTable } from '../../src/costs/index.ts';
import {
  CURRENT_SCHEMA_VERSION,
  COST_EVENT_KINDS,
  COST_EVENT_TYPES,
  JourneySchema,
  type Journey,
} from '../../src/model/index.ts';
import { median } from './load.ts';

const JOURNEYS = 10_000;
const EVENTS = 50;

function cohort(): Journey[] {
  const priced = COST_EVENT_TYPES.filter((type) => 'defaultUnitCode' in COST_EVENT_KINDS[type]);
  const template = JourneySchema.parse({
    schemaVersion: CURRENT_SCHEMA_VERSION,
    id: 'j',
    title: 'Cohort journey',
    family: { pseudonym: 'A family' },
    stages: [
      { id: 's1', title: 'Before' },
      { id: 's2', title: 'After' },
    ].map((s, i) => ({ ...s, order: i + 1 })),
    costEvents: Array.from({ length: EVENTS }, (_, i) => {
      const type = priced[i % priced.length]!;
      const kind = COST_EVENT_KINDS[type] as { category: string; defaultUnitCode: string };
      return {
        id: `e${i}`,
        stageId: i % 2 ? 's2' : 's1',
        type,
        quantity: 1 + (i % 4),
        period: i % 3 === 0 ? 'after' : 'before',
        agencyId: kind.category,
        evidence: 'case-record',
        unitCost: { kind: 'reference', table: 'gmca-ucd-v1.4-sample', code: kind.defaultUnitCode },
      };
    }),
    consent: { status: 'given', recordedOn: '2020-01-01', scopes: ['analysis'] },
  });
  return Array.from({ length: JOURNEYS }, (_, i) => ({ ...template, id: `j${i}` as Journey['id'] }));
}

export function run(): void {
  const data = (name: string) => readFileSync(new URL(`../../src/costs/data/${name}`, import.meta.url), 'utf8');
  const table = parseUnitCostTable(data('unit-costs-gmca-ucd-v1.4-sample.csv'), {
    id: 'gmca-ucd-v1.4-sample',
    attribution: 'UCD v1.4',
  });
  const series = parseDeflatorSeries(data('gdp-deflator-factors-gmca-ucd-v1.4.csv'), 'UCD v1.4');
  if (!table.ok || !series.ok) throw new Error('shipped reference data is broken');
  const tables = new Map([[table.table.id, table.table]]);
  const journeys = cohort();
  const ours: number[] = [];
  const floor: number[] = [];
  const amounts = new Float64Array(JOURNEYS * EVENTS).map((_, i) => i % 97);
  for (let run = 0; run < 7; run++) {
    let start = performance.now();
    const report = cohortReport(
      journeys,
      { tables, series: series.series, targetYear: '2015/16' },
      { deliveryCostPerFamily: 6286, counterfactualCostPerFamily: 4105, scenario: NO_ADJUSTMENT },
    );
    ours.push(performance.now() - start);
    if (report.families !== JOURNEYS) throw new Error('cohort lost families');
    start = performance.now();
    let sum = 0;
    for (const amount of amounts) sum += amount;
    floor.push(performance.now() - start + (sum < 0 ? 1 : 0));
  }
  const ms = median(ours);
  process.stdout.write(
    `${`cost engine: ${JOURNEYS.toLocaleString('en-GB')} journeys × ${EVENTS} events → cohort table`.padEnd(60)} median ${ms.toFixed(0).padStart(5)} ms  │ ` +
      `summing ${(JOURNEYS * EVENTS).toLocaleString('en-GB')} numbers ${median(floor).toFixed(1)} ms  │ target < 200 ms: ${ms < 200 ? 'met' : 'MISSED'}\n`,
  );
  process.stdout.write(
    `  (runs: ${ours.map((v) => v.toFixed(0)).join(', ')} ms; every event priced from its fiscal row and uprated)\n`,
  );
}
