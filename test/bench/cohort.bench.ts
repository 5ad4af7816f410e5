/**
 * Cohorts at 10,000 families (issue 18's targets), each beside a plain reference run in the same
 * process:
 *
 * 1. Family types: 10,000 synthetic families × 21 issues, k-modes for k = 2..8 with k chosen by
 *    mean silhouette, and the types summarised (target ≤ 2 s); the bootstrap stability of the
 *    chosen types (30 resamples) reported apart. References: one plain k-modes start at k = 4 on
 *    arrays of 0/1 with a nested-loop Hamming distance (no bit packing), and a brute-force O(n²)
 *    silhouette on a 2,000-family sample beside ours on the same sample.
 * 2. The cohort view over 10,000 journeys in a real SQLite store (target ≤ 500 ms of server
 *    time): `cohortMembers`, then `cohortFigures` and `compareFamilies` together as the cohort
 *    page asks for them, cold (the store opened afresh, nothing kept: every journey read and
 *    validated, every profile and assessment read and judged, as after a restart before the
 *    warm-up has finished) and warm (journey facts, family cases and the cohort's results kept),
 *    and kept but with one journey and one profile written since (as during a workshop). Beside
 *    them, the start-up warm-up (`warmCohortViews`): how long it runs in the background, how long
 *    the event loop waits meanwhile, and the first visit after it. Reference: `listReadModels` of
 *    the journeys and their costs companions with `JSON.parse` of each, the least any view over
 *    the journeys must do.
 * 3. Outcome figures over 10,000 families (target ≤ 200 ms): `cohortFigures` alone on that
 *    store, kept, with one profile written since, and cold, and the pure `computeFigures` on the
 *    same cases in memory. Reference: a plain loop computing one count-change over the same cases.
 *
 * The store is built once per run (its build time is printed, not judged). Run alone with
 * `node test/bench/cohort.bench.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import {
  bootstrapStability,
  chooseK,
  kModes,
  packProfiles,
  selectRows,
  silhouette,
  summariseTypes,
  syntheticCohort,
  type BinaryMatrix,
} from '../../src/cluster/index.ts';
import { PHASE_TWO_ISSUE_SET, eligibilityOf } from '../../src/issues/index.ts';
import {
  COST_EVENT_KINDS,
  COST_EVENT_TYPES,
  CURRENT_SCHEMA_VERSION,
  FigureIdSchema,
  ILLUSTRATIVE_INDICATOR_SET,
  JourneySchema,
  type CaseRecord,
  type FigureDefinition,
  type IndicatorSet,
  type IssueSet,
  type Journey,
} from '../../src/model/index.ts';
import { casesFromAssessments, computeFigures, progressFigureFor } from '../../src/outcomes/index.ts';
import { DEFAULT_PROJECT_SETTINGS } from '../../server/auth/projects.ts';
import { storeJourney } from '../../server/journey-library.ts';
import { loadReferenceData, type ReferenceData } from '../../server/reference-data.ts';
import { cohortFigures } from '../../server/research/cohort-figures.ts';
import { compareFamilies, warmCohortViews } from '../../server/research/cohort-journeys.ts';
import { cohortMembers } from '../../server/research/cohorts.ts';
import { asIssueProfile } from '../../server/research/profiles.ts';
import type { DocumentStore } from '../../server/storage/document-store.ts';
import type { CohortRecord, StoredAssessment, StoredProfile } from '../../server/storage/research-records.ts';
import { openSqliteStore } from '../../server/storage/sqlite-store.ts';
import { prng } from '../fixtures/prng.ts';
import { median } from './load.ts';

const FAMILIES = 10_000;
const SEED = 2016;
const AT = '2026-01-05T10:00:00.000Z';
const PROJECT = 'pr_bench';

const ms = (v: number) => `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ms`;
const runsOf = (values: number[]) => values.map((v) => v.toFixed(0)).join(', ');

/** Other work on the machine shows in every figure: said beside them. */
const load = () => `load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores`;

const ratioText = (ratio: number) => (ratio >= 0.995 ? ratio.toFixed(2) : ratio.toPrecision(2));

function line(what: string, ours: number[], reference: { name: string; runs: number[] }, target?: number): void {
  const mine = median(ours);
  const theirs = median(reference.runs);
  process.stdout.write(
    `${what.padEnd(58)} median ${ms(mine).padStart(9)}  │ ${reference.name.padEnd(46)} median ${ms(theirs).padStart(9)}  │ ` +
      `ratio ${ratioText(mine / theirs).padStart(7)}×` +
      (target === undefined ? '' : `  │ target ≤ ${target} ms: ${mine <= target ? 'met' : 'MISSED'}`) +
      '\n',
  );
}

function timed<T>(work: () => T): [T, number] {
  const start = performance.now();
  const value = work();
  return [value, performance.now() - start];
}

async function timedAsync<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await work();
  return [value, performance.now() - start];
}

// ── 1. Family types ──────────────────────────────────────────────────────────────────────────

/** One k-modes start as anyone would first write it: rows of 0/1, a nested-loop Hamming distance. */
function plainKModes(rows: BinaryMatrix, k: number, seed: number): { labels: number[]; cost: number } {
  const n = rows.length;
  const p = rows[0]?.length ?? 0;
  const random = prng(seed);
  const modes: number[][] = Array.from({ length: k }, () => [...rows[Math.floor(random() * n)]!]);
  const labels = new Array<number>(n).fill(-1);
  const distance = (a: readonly number[], b: readonly number[]) => {
    let d = 0;
    for (let j = 0; j < p; j++) if (a[j] !== b[j]) d++;
    return d;
  };
  let cost = 0;
  for (let iteration = 0; iteration < 100; iteration++) {
    let moved = 0;
    cost = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestDistance = Infinity;
      for (let c = 0; c < k; c++) {
        const d = distance(rows[i]!, modes[c]!);
        if (d < bestDistance) [best, bestDistance] = [c, d];
      }
      if (labels[i] !== best) moved++;
      labels[i] = best;
      cost += bestDistance;
    }
    for (let c = 0; c < k; c++) {
      let size = 0;
      const ones = new Array<number>(p).fill(0);
      for (let i = 0; i < n; i++) {
        if (labels[i] !== c) continue;
        size++;
        for (let j = 0; j < p; j++) ones[j]! += rows[i]![j]!;
      }
      if (size > 0) modes[c] = ones.map((q) => (2 * q > size ? 1 : 0));
    }
    if (moved === 0) break;
  }
  return { labels, cost };
}

/** Rousseeuw's silhouette straight from its definition: every pair's Hamming distance, O(n²·p). */
function plainSilhouette(rows: BinaryMatrix, labels: ArrayLike<number>, k: number): number {
  const n = rows.length;
  const p = rows[0]?.length ?? 0;
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) sizes[labels[i]!]!++;
  let total = 0;
  const sums = new Array<number>(k);
  for (let i = 0; i < n; i++) {
    sums.fill(0);
    for (let m = 0; m < n; m++) {
      let d = 0;
      for (let j = 0; j < p; j++) if (rows[i]![j] !== rows[m]![j]) d++;
      sums[labels[m]!]! += d;
    }
    const own = labels[i]!;
    if (sizes[own]! <= 1) continue;
    const a = sums[own]! / (sizes[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && sizes[c]! > 0) b = Math.min(b, sums[c]! / sizes[c]!);
    const larger = Math.max(a, b);
    if (b !== Infinity && larger > 0) total += (b - a) / larger;
  }
  return total / n;
}

function familyTypes(): void {
  const cohort = syntheticCohort({ families: FAMILIES, seed: SEED });
  const issueIds = cohort.issueIds;
  const typeRun = () => {
    const packed = packProfiles(cohort.profiles, issueIds.length);
    const chosen = chooseK(packed, { seed: SEED });
    const summary = summariseTypes(packed, chosen.clustering.labels, issueIds, { k: chosen.k });
    return { packed, chosen, summary };
  };
  typeRun(); // warm-up: compiled code, as a server that has typed before has it
  const ours: number[] = [];
  let last = typeRun();
  for (let r = 0; r < 5; r++) {
    const [result, took] = timed(typeRun);
    ours.push(took);
    last = result;
  }
  const plain: number[] = [];
  plainKModes(cohort.profiles, 4, SEED);
  for (let r = 0; r < 5; r++) plain.push(timed(() => plainKModes(cohort.profiles, 4, SEED + r))[1]);
  line(
    `types: ${FAMILIES.toLocaleString('en-GB')} × ${issueIds.length}, k = 2..8 by silhouette`,
    ours,
    { name: 'one plain k-modes start, k = 4, no bits', runs: plain },
    2000,
  );
  const { chosen, summary, packed } = last;
  process.stdout.write(
    `  (runs ${runsOf(ours)} ms; 7 k × 10 starts of k-modes + 7 silhouettes + summary; chose k = ${chosen.k}, ` +
      `mean silhouette ${chosen.silhouette.mean.toFixed(3)}; sizes ${summary.types.map((t) => t.size).join(', ')}; ` +
      `plain runs ${runsOf(plain)} ms)\n`,
  );

  const stability: number[] = [];
  let verdicts = '';
  for (let r = 0; r < 3; r++) {
    const [result, took] = timed(() =>
      bootstrapStability(packed, summary.labels, { seed: SEED, k: chosen.k, resamples: 30 }),
    );
    stability.push(took);
    verdicts = `mean ARI ${result.meanAri.toFixed(3)}; mean Jaccard ${result.types.map((t) => t.meanJaccard.toFixed(2)).join(', ')}`;
  }
  const oneStart: number[] = [];
  for (let r = 0; r < 5; r++) oneStart.push(timed(() => kModes(packed, { k: chosen.k, seed: SEED + r, starts: 1 }))[1]);
  line(`  bootstrap stability, 30 resamples at k = ${chosen.k} (no target)`, stability, {
    name: `one packed k-modes start, k = ${chosen.k} (×300 inside)`,
    runs: oneStart,
  });
  process.stdout.write(`  (runs ${runsOf(stability)} ms; ${verdicts})\n`);
  const typingTotal = median(ours) + median(stability);
  process.stdout.write(
    `  types and stability together, as runTyping does both in one request: ~${typingTotal.toFixed(0)} ms\n`,
  );

  // Silhouette alone, exact both ways, on a 2,000-family sample (the plain one is O(n²)).
  const sampleSize = 2000;
  const step = FAMILIES / sampleSize;
  const sampleIndex = Array.from({ length: sampleSize }, (_, i) => i * step);
  const sampleRows = sampleIndex.map((i) => cohort.profiles[i]!);
  const samplePacked = selectRows(packed, sampleIndex);
  const sampleLabels = sampleIndex.map((i) => chosen.clustering.labels[i]!);
  const oursSil: number[] = [];
  let fast = 0;
  for (let r = 0; r < 21; r++) {
    const [result, took] = timed(() => silhouette(samplePacked, sampleLabels, chosen.k));
    oursSil.push(took);
    fast = result.mean;
  }
  const plainSil: number[] = [];
  let slow = 0;
  for (let r = 0; r < 3; r++) {
    const [result, took] = timed(() => plainSilhouette(sampleRows, sampleLabels, chosen.k));
    plainSil.push(took);
    slow = result;
  }
  line(`  silhouette, ${sampleSize.toLocaleString('en-GB')}-family sample`, oursSil, {
    name: 'brute-force O(n²) silhouette, same sample',
    runs: plainSil,
  });
  process.stdout.write(
    `  (both give mean ${fast.toFixed(6)} / ${slow.toFixed(6)}: ${Math.abs(fast - slow) < 1e-9 ? 'equal' : 'DIFFERENT'}; ${load()})\n`,
  );
}

// ── 2 and 3. The cohort view and outcome figures, in a real store ────────────────────────────

const CODEBOOK = [
  { id: 'housing', label: 'Housing insecurity' },
  { id: 'school', label: 'School' },
  { id: 'trusted-worker', label: 'Trusted worker' },
  { id: 'debt', label: 'Debt' },
  { id: 'mental-health', label: 'Mental health' },
  { id: 'isolation', label: 'Isolation' },
  { id: 'police', label: 'Police contact' },
  { id: 'family-support', label: 'Family support' },
];
const BARRIERS = ['Nobody returned our calls', 'Moved again', 'Waiting list for CAMHS', 'Letters we could not read'];
const ENABLERS = ['A worker who kept coming back', 'The school listened', 'Nan helped with the kids', 'Debt advice'];
const PRICED = COST_EVENT_TYPES.filter((type) => 'defaultUnitCode' in COST_EVENT_KINDS[type]);
const FEELINGS = ['very-low', 'low', 'mixed', 'high', 'very-high'] as const;

const monthString = (n: number) => `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;

/** A journey of 8–12 stages over about four years, support starting part-way, rising levels with noise. */
function generatedJourney(id: string, random: () => number): Journey {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const stageCount = 8 + Math.floor(random() * 5);
  const first = 2012 * 12 + Math.floor(random() * 24);
  const startAt = 3 + Math.floor(random() * 3);
  let month = first;
  let startMonth = first;
  const stages = Array.from({ length: stageCount }, (_, i) => {
    month += 2 + Math.floor(random() * 5);
    if (i === startAt) startMonth = month;
    const rising = i < startAt ? 1 + random() * 1.5 : 1 + ((i - startAt) / (stageCount - startAt)) * 4 + random();
    const codes = [pick(CODEBOOK).id, ...(random() < 0.4 ? [pick(CODEBOOK).id] : [])];
    return {
      id: `s${i}`,
      title: `Stage ${i + 1}`,
      words: 'We were moved again and nobody told the school. '.repeat(1 + (i % 3)),
      order: i + 1,
      when: { kind: 'month' as const, month: monthString(month) },
      feeling: pick(FEELINGS),
      progress: { level: Math.max(1, Math.min(5, Math.floor(rising))), ratedBy: 'together' as const },
      services: ['school', 'housing'],
      codes: [...new Set(codes)],
    };
  });
  const factors = Array.from({ length: 3 + Math.floor(random() * 3) }, (_, i) => {
    const barrier = random() < 0.5;
    return {
      id: `f${i}`,
      stageId: pick(stages).id,
      kind: barrier ? ('barrier' as const) : ('enabler' as const),
      text: pick(barrier ? BARRIERS : ENABLERS),
      codes: [pick(CODEBOOK).id],
    };
  });
  const costEvents = Array.from({ length: 3 + Math.floor(random() * 4) }, (_, i) => {
    const type = pick(PRICED);
    const kind = COST_EVENT_KINDS[type] as { category: string; defaultUnitCode: string };
    const stage = pick(stages);
    const index = stages.indexOf(stage);
    return {
      id: `c${i}`,
      stageId: stage.id,
      type,
      quantity: 1 + Math.floor(random() * 3),
      period: index < startAt ? ('before' as const) : index < stageCount - 1 ? ('during' as const) : ('after' as const),
      agencyId: kind.category,
      evidence: 'case-record' as const,
      unitCost: { kind: 'reference' as const, table: 'gmca-ucd-v1.4-sample', code: kind.defaultUnitCode },
    };
  });
  return JourneySchema.parse({
    schemaVersion: CURRENT_SCHEMA_VERSION,
    id,
    title: 'A family journey',
    family: { pseudonym: 'A family' },
    support: { programme: 'Bench programme', startMonth: monthString(startMonth) },
    stages,
    links: stages.slice(1).map((s, i) => ({ id: `l${i}`, from: `s${i}`, to: s.id })),
    factors,
    costEvents,
    codes: CODEBOOK,
  });
}

interface Built {
  store: DocumentStore;
  dir: string;
  cohort: CohortRecord;
  set: IssueSet;
  indicators: IndicatorSet;
  profiles: StoredProfile[];
  assessments: StoredAssessment[];
}

/** Writes in groups of this many families: asked for together, committed in a few transactions. */
const BATCH = 500;

async function buildStore(): Promise<Built> {
  const dir = mkdtempSync(join(tmpdir(), 'tp-bench-cohort-'));
  const store = await openSqliteStore(dir);
  const set = PHASE_TWO_ISSUE_SET;
  const indicators = ILLUSTRATIVE_INDICATOR_SET;
  await store.access.putProject({ id: PROJECT, name: 'Bench', settings: DEFAULT_PROJECT_SETTINGS, createdAt: AT });
  await store.research.putSet({
    projectId: PROJECT,
    kind: 'indicators',
    version: indicators.version,
    json: JSON.stringify(indicators),
    createdAt: AT,
    createdBy: 'cli',
  });
  const synthetic = syntheticCohort({ families: FAMILIES, seed: SEED, issueIds: set.issues.map((i) => i.id) });
  const random = prng(SEED);
  const ids = Array.from({ length: FAMILIES }, (_, i) => `fa_${String(i).padStart(5, '0')}`);
  const profiles: StoredProfile[] = [];
  const assessments: StoredAssessment[] = [];
  for (let from = 0; from < FAMILIES; from += BATCH) {
    const batch = ids.slice(from, from + BATCH);
    await Promise.all(
      batch.map((id) =>
        store.families.addFamily({
          id,
          projectId: PROJECT,
          pseudonym: `Family ${id}`,
          createdAt: AT,
          createdBy: 'cli',
        }),
      ),
    );
    const writes: Promise<unknown>[] = [];
    const batchProfiles: StoredProfile[] = [];
    const batchAssessments: StoredAssessment[] = [];
    batch.forEach((familyId, b) => {
      const index = from + b;
      const journeyId = `jo_${String(index).padStart(5, '0')}`;
      writes.push(
        storeJourney(store, generatedJourney(journeyId, random)).then(() =>
          store.families.attachDocument(journeyId, familyId),
        ),
      );
      for (const scope of ['mapping', 'analysis'])
        writes.push(
          store.families.recordConsent({
            id: `cd_${scope}_${index}`,
            familyId,
            scope,
            decision: 'given',
            givenBy: 'Parent',
            method: 'written-form',
            decidedOn: '2016-01-04',
            recordedBy: 'staff:st_bench',
            recordedAt: AT,
          }),
        );
      const row = synthetic.profiles[index]!;
      const month = String((index % 12) + 1).padStart(2, '0');
      const profile = (point: 'referral' | 'closure', on: string, yes: (j: number) => boolean): StoredProfile => ({
        id: `pf_${point}_${index}`,
        familyId,
        issueSetId: set.id,
        issueSetVersion: set.version,
        point,
        assessedOn: on,
        answers: Object.fromEntries(synthetic.issueIds.map((issue, j) => [issue, yes(j) ? 'yes' : 'no'])),
        source: 'import',
        recordedBy: 'staff:st_bench',
        recordedAt: AT,
      });
      batchProfiles.push(
        profile('referral', `2016-${month}-01`, (j) => row[j] === 1),
        profile('closure', `2017-${month}-01`, (j) => (row[j] === 1 ? random() >= 0.55 : random() < 0.04)),
      );
      const values = (better: number) =>
        Object.fromEntries(
          indicators.indicators.map((indicator) => {
            if (indicator.measure.kind === 'ordinal')
              return [indicator.id, Math.min(4, 1 + Math.floor(random() * 2) + better)];
            if (indicator.id === 'school-attendance')
              return [indicator.id, Math.min(100, 60 + better * 10 + Math.floor(random() * 20))];
            return [indicator.id, Math.max(0, 6 - better * 3 + Math.floor(random() * 3))];
          }),
        );
      const assessment = (point: 'referral' | 'closure', on: string, better: number): StoredAssessment => ({
        id: `as_${point}_${index}`,
        familyId,
        indicatorSetId: indicators.id,
        indicatorSetVersion: indicators.version,
        point,
        assessedOn: on,
        ratedBy: 'together',
        values: values(better),
        recordedBy: 'staff:st_bench',
        recordedAt: AT,
      });
      batchAssessments.push(
        assessment('referral', `2016-${month}-02`, 0),
        assessment('closure', `2017-${month}-02`, random() < 0.7 ? 1 : 0),
      );
    });
    writes.push(store.research.putProfiles(batchProfiles), store.research.putAssessments(batchAssessments));
    await Promise.all(writes);
    profiles.push(...batchProfiles);
    assessments.push(...batchAssessments);
  }
  const cohort: CohortRecord = {
    id: 'co_bench',
    projectId: PROJECT,
    name: 'All 10,000',
    synthetic: false,
    createdAt: AT,
    createdBy: 'staff:st_bench',
  };
  await store.research.putCohort(cohort, ids);
  // A typing run, so the comparison labels families by type as it does after a run.
  const packed = packProfiles(synthetic.profiles, synthetic.issueIds.length);
  const chosen = chooseK(packed, { seed: SEED, starts: 2 });
  await store.research.addTypingRun(
    {
      id: 'tr_bench',
      projectId: PROJECT,
      cohortId: cohort.id,
      issueSetId: set.id,
      issueSetVersion: set.version,
      k: chosen.k,
      chosenBy: 'silhouette',
      seed: SEED,
      result: '{}',
      madeAt: AT,
      madeBy: 'staff:st_bench',
    },
    new Map(ids.map((id, i) => [id, chosen.clustering.labels[i] ?? 0])),
  );
  await store.drained();
  return { store, dir, cohort, set, indicators, profiles, assessments };
}

const figureId = (text: string) => FigureIdSchema.parse(text.slice(0, 48).replace(/-+$/, ''));

/** The figures cohortFigures computes, written out again for the pure reference (they are not exported). */
function definitions(
  set: IssueSet,
  indicators: IndicatorSet,
): { profile: FigureDefinition[]; indicator: FigureDefinition[] } {
  const profile = set.headlines.flatMap((h): FigureDefinition[] => [
    {
      kind: 'prevalence',
      id: figureId(`has-${h.id}`),
      label: h.shortLabel,
      measureId: h.id,
      at: 'referral',
      has: { op: 'gt', value: 0 },
      filter: [],
    },
    {
      kind: 'count-change',
      id: figureId(`fewer-${h.id}`),
      label: h.shortLabel,
      measureId: h.id,
      better: 'lower',
      from: 'referral',
      to: 'closure',
      filter: [],
    },
  ]);
  const indicator: FigureDefinition[] = [
    progressFigureFor(indicators, { id: 'progress-k-of-m', label: 'Positive progress', over: 60 }),
    ...indicators.indicators.flatMap((ind): FigureDefinition[] => {
      const base = {
        measureId: ind.id,
        better: ind.better,
        from: 'referral' as const,
        to: 'closure' as const,
        filter: [],
      };
      if (ind.measure.kind === 'ordinal')
        return [
          {
            kind: 'share-meeting',
            id: figureId(`moved-${ind.id}`),
            label: ind.label,
            ...base,
            threshold: { kind: 'change', amount: 1 },
          },
        ];
      return [
        {
          kind: 'share-meeting',
          id: figureId(`third-${ind.id}`),
          label: ind.label,
          ...base,
          threshold: { kind: 'relative-change', percent: 33 },
        },
        {
          kind: 'median-change',
          id: figureId(`median-${ind.id}`),
          label: ind.label,
          ...base,
          unit: 'relative-percent',
        },
        { kind: 'mean-of-family-change', id: figureId(`average-${ind.id}`), label: ind.label, ...base },
      ];
    }),
  ];
  return { profile, indicator };
}

/** Headline cases from the stored profiles, in memory, met or not as eligibility judges it. */
function headlineCases(set: IssueSet, profiles: readonly StoredProfile[]): CaseRecord[] {
  const byFamily = new Map<string, CaseRecord>();
  for (const p of profiles) {
    const record = byFamily.get(p.familyId) ?? { familyId: p.familyId, measures: {} };
    byFamily.set(p.familyId, record);
    const { met: heads } = eligibilityOf(set, asIssueProfile(p));
    for (const h of set.headlines) {
      const met = heads.some((m) => m.id === h.id) ? 1 : 0;
      const series = (record.measures[h.id] ??= { reviews: [] });
      if (p.point === 'referral') series.referral = met;
      else if (p.point === 'closure') series.closure = met;
    }
  }
  return [...byFamily.values()];
}

async function cohortAtScale(): Promise<void> {
  const [built, buildMs] = await timedAsync(buildStore);
  const { store, dir, cohort, set, indicators } = built;
  try {
    const journeysRead = (await store.listReadModels('journey')).length;
    process.stdout.write(
      `  (store built in ${(buildMs / 1000).toFixed(1)} s, not judged: ${FAMILIES.toLocaleString('en-GB')} families, ` +
        `${journeysRead.toLocaleString('en-GB')} journeys with costs companions, consent, 2 profiles and 2 assessments each, ` +
        `one cohort, one typing run; ${load()})\n`,
    );

    // Reference: every journey and costs read model listed and parsed, nothing validated or derived.
    const readAll = async () => {
      const [journeys, costs] = await Promise.all([store.listReadModels('journey'), store.listReadModels('costs')]);
      let stages = 0;
      for (const row of journeys) stages += (JSON.parse(row.json) as Journey).stages.length;
      for (const row of costs) stages += (JSON.parse(row.json) as { costEvents: unknown[] }).costEvents.length;
      return stages;
    };
    await readAll();
    const reference: number[] = [];
    for (let r = 0; r < 5; r++) reference.push((await timedAsync(readAll))[1]);
    const plainRead = { name: 'listReadModels journey+costs, JSON.parse', runs: reference };

    // The view as the cohort page asks for it: members first, then figures and comparison together.
    const view = async (on: DocumentStore, prices: ReferenceData) => {
      const members = await cohortMembers(on, cohort);
      const [figures, comparison] = await Promise.all([
        cohortFigures(on, set, members),
        compareFamilies(on, prices, members),
      ]);
      return { members, figures, comparison };
    };
    const prices = loadReferenceData();
    // Cold: the store opened afresh, so nothing is kept (as after a restart, before the warm-up has
    // finished); every journey is read and validated, every profile and assessment read and judged.
    // Each closed once measured, so what it kept is not left for the collector during later runs.
    const fresh = async <T>(work: (on: DocumentStore) => Promise<T>): Promise<[T, number]> => {
      const on = await openSqliteStore(dir);
      try {
        return await timedAsync(() => work(on));
      } finally {
        await on.close();
      }
    };
    const cold: number[] = [];
    const parts = {
      members: [] as number[],
      figures: [] as number[],
      figuresCold: [] as number[],
      compareCold: [] as number[],
      compareWarm: [] as number[],
    };
    // The first call in the process: cold for the data and for the code (not yet compiled).
    const [first, firstMs] = await fresh((on) => view(on, prices));
    let shown = first;
    for (let r = 0; r < 3; r++) cold.push((await fresh((on) => view(on, prices)))[1]);
    await view(store, prices);
    const warm: number[] = [];
    for (let r = 0; r < 5; r++) {
      const [result, took] = await timedAsync(() => view(store, prices));
      warm.push(took);
      shown = result;
    }
    // Kept, but as during a workshop one journey and one family's profile were written since: that
    // journey and that family are read again, and the view and figures computed again from what is kept.
    const rewrite = async (r: number) => {
      const journeyId = `jo_${String(r).padStart(5, '0')}`;
      const row = await store.getReadModel(journeyId);
      if (row) await store.putReadModel(journeyId, row.json);
      const profile = built.profiles[2 * r];
      if (profile) await store.research.putProfiles([{ ...profile, recordedAt: new Date().toISOString() }]);
    };
    const changed: number[] = [];
    for (let r = 0; r < 5; r++) {
      await rewrite(r);
      changed.push((await timedAsync(() => view(store, prices)))[1]);
    }
    // The warm-up the server starts with (services.ts), on a store opened afresh: how long it runs in
    // the background, how long the event loop waited meanwhile (what a room's update or a page would
    // wait), and the first visit once it has finished.
    const warmed: number[] = [];
    const afterWarmUp: number[] = [];
    const loopDelay = { p99: [] as number[], max: [] as number[] };
    let warmedFamilies = 0;
    for (let r = 0; r < 2; r++)
      await fresh(async (on) => {
        const delay = monitorEventLoopDelay({ resolution: 1 });
        delay.enable();
        const [result, took] = await timedAsync(() => warmCohortViews(on, prices));
        delay.disable();
        warmed.push(took);
        warmedFamilies = result?.families ?? 0;
        loopDelay.p99.push(delay.percentile(99) / 1e6);
        loopDelay.max.push(delay.max / 1e6);
        afterWarmUp.push((await timedAsync(() => view(on, prices)))[1]);
      });
    // Its parts, one at a time.
    for (let r = 0; r < 3; r++) {
      const [members, took] = await timedAsync(() => cohortMembers(store, cohort));
      parts.members.push(took);
      parts.figures.push((await timedAsync(() => cohortFigures(store, set, members)))[1]);
      parts.compareWarm.push((await timedAsync(() => compareFamilies(store, prices, members)))[1]);
      parts.figuresCold.push((await fresh((on) => cohortFigures(on, set, members)))[1]);
      parts.compareCold.push((await fresh((on) => compareFamilies(on, prices, members)))[1]);
    }
    line(`cohort view, ${FAMILIES.toLocaleString('en-GB')} journeys: cold (nothing kept)`, cold, plainRead, 500);
    line(`cohort view, ${FAMILIES.toLocaleString('en-GB')} journeys: warm (kept)`, warm, plainRead, 500);
    line(`  kept, one journey and one profile written since`, changed, plainRead, 500);
    line(`  first visit after the start-up warm-up`, afterWarmUp, plainRead, 500);
    line(`  the warm-up itself, in the background (no target)`, warmed, plainRead);
    process.stdout.write(
      `  (first call in the process ${ms(firstMs)}; cold runs ${runsOf(cold)} ms, warm runs ${runsOf(warm)} ms; ` +
        `reference runs ${runsOf(reference)} ms)\n` +
        `  (warm-up: ${warmedFamilies} families in ${runsOf(warmed)} ms; event loop delay meanwhile p99 ` +
        `${runsOf(loopDelay.p99)} ms, longest ${runsOf(loopDelay.max)} ms)\n` +
        `  (parts, one at a time: cohortMembers ${ms(median(parts.members))}, cohortFigures ${ms(median(parts.figures))} ` +
        `(cold ${ms(median(parts.figuresCold))}), compareFamilies cold ${ms(median(parts.compareCold))} / ` +
        `warm ${ms(median(parts.compareWarm))}; one journey and profile written since: runs ${runsOf(changed)} ms)\n` +
        `  (counted ${shown.members.counted.length}, with journeys ${shown.comparison.withJourneys}, ` +
        `progress bands ${shown.comparison.view.progress.filter((b) => b.families > 0).length}, ` +
        `cost spots ${shown.comparison.view.costs.byAgency.length} (${shown.comparison.view.costs.unpriced} events unpriced), ` +
        `figures ${shown.figures.fromProfiles.length} + ${shown.figures.fromAssessments.length})\n`,
    );

    // 3. Outcome figures: cohortFigures on the store, then computeFigures on the same cases in memory.
    const members = await cohortMembers(store, cohort);
    const figuresRuns: number[] = [];
    for (let r = 0; r < 7; r++) figuresRuns.push((await timedAsync(() => cohortFigures(store, set, members)))[1]);
    const figuresChanged: number[] = [];
    for (let r = 0; r < 7; r++) {
      await rewrite(10 + r);
      figuresChanged.push((await timedAsync(() => cohortFigures(store, set, members)))[1]);
    }
    const cases = headlineCases(set, built.profiles);
    const { cases: assessmentCases } = casesFromAssessments(
      indicators,
      built.assessments.map((a) => ({
        familyId: a.familyId,
        assessment: {
          indicatorSetId: a.indicatorSetId,
          indicatorSetVersion: a.indicatorSetVersion,
          point: a.point,
          assessedOn: a.assessedOn,
          ratedBy: a.ratedBy,
          values: a.values,
        } as Parameters<typeof casesFromAssessments>[1][number]['assessment'],
      })),
    );
    const defs = definitions(set, indicators);
    const countChange = () => {
      const id = set.headlines[0]!.id;
      let before = 0;
      let after = 0;
      for (const c of cases) {
        const series = c.measures[id];
        if (series?.referral === undefined || series.closure === undefined) continue;
        if (series.referral > 0) before++;
        if (series.closure > 0) after++;
      }
      return before - after;
    };
    const plain: number[] = [];
    for (let r = 0; r < 21; r++) plain.push(timed(countChange)[1]);
    const pure: number[] = [];
    let figureCount = 0;
    for (let r = 0; r < 21; r++) {
      const [result, took] = timed(
        () => computeFigures(defs.profile, cases).length + computeFigures(defs.indicator, assessmentCases).length,
      );
      pure.push(took);
      figureCount = result;
    }
    const plainCount = { name: 'plain loop: one count-change', runs: plain };
    line(
      `outcome figures: cohortFigures, ${FAMILIES.toLocaleString('en-GB')} families (store, kept)`,
      figuresRuns,
      plainCount,
      200,
    );
    line(`  cohortFigures kept, one profile written since`, figuresChanged, plainCount, 200);
    line(`  cohortFigures cold (nothing kept)`, parts.figuresCold, plainCount, 200);
    line(`outcome figures: computeFigures, same cases in memory`, pure, plainCount, 200);
    process.stdout.write(
      `  (cohortFigures runs ${runsOf(figuresRuns)} ms; computeFigures: ${figureCount} figures over ` +
        `${cases.length} + ${assessmentCases.length} cases; ${load()})\n`,
    );
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  familyTypes();
  await cohortAtScale();
}

if (import.meta.main) await run();
