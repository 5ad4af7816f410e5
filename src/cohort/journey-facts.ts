/**
 * What the cohort view needs of one journey, taken out once so that comparing thousands of
 * families reads small records rather than whole journeys: each rated stage's level and month
 * relative to the start of support, the codes at stages where the family was stuck, its barriers
 * and enablers (by code, and by their words for staff), and its priced cost events by agency,
 * period and stage code.
 *
 * Codes are per journey (each journey has its own codebook), so they are compared by label.
 */
import { findAgency, type AgencyCategory } from '../model/agency.ts';
import type { FactorKind } from '../model/factor.ts';
import type { Journey } from '../model/journey.ts';
import type { SupportPeriod } from '../model/cost-event.ts';
import type { When } from '../model/when.ts';
import { compareStages } from '../model/stage.ts';

export interface LevelAt {
  /** The stage's place in the journey, from 0. */
  index: number;
  /** Months from the start of support (negative: before); undefined when either date is unknown. */
  month?: number;
  level: number;
}

export interface FactorFact {
  kind: FactorKind;
  /** The words, trimmed and lower-cased, so the same barrier in two families is counted once each. */
  words: string;
  codes: string[];
}

export interface CostFact {
  category: AgencyCategory;
  period: SupportPeriod;
  /** Fiscal cost in the report's prices; undefined when it cannot be priced. */
  amount?: number;
  /** Labels of the codes on the stage it happened at ("stage type"). */
  stageCodes: string[];
}

export interface JourneyFacts {
  journeyId: string;
  /** `YYYY-MM`, when the journey says when support started. */
  supportStart?: string;
  levels: LevelAt[];
  /** The lowest level of the journey's scale (its "stuck"). */
  lowestLevel: number;
  /** Code labels at each stage rated at the lowest level. */
  stuckCodes: string[][];
  factors: FactorFact[];
  costs: CostFact[];
}

/** A `YYYY-MM` month as a count of months, for differences. */
const monthNumber = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;

/** The month a stage happened in, when its "when" gives one (a date or a month; a year or a phrase does not). */
export function monthOfWhen(when: When | undefined): string | undefined {
  if (when?.kind === 'date') return when.date.slice(0, 7);
  if (when?.kind === 'month') return when.month;
  return undefined;
}

/** Prices one cost event (fiscal, report prices) or says it cannot. */
export type PriceOf = (event: Journey['costEvents'][number]) => number | undefined;

export function journeyFacts(journey: Journey, priceOf: PriceOf): JourneyFacts {
  const stages = [...journey.stages].sort(compareStages);
  const codeLabel = new Map<string, string>(journey.codes.map((code) => [code.id, code.label]));
  const labels = (ids: readonly string[]) => ids.flatMap((id) => codeLabel.get(id) ?? []);
  const stageCodes = new Map(stages.map((stage) => [stage.id, labels(stage.codes)]));
  const lowestLevel = journey.scale.levels[0]?.value ?? 1;
  const start = journey.support?.startMonth;
  const levels: LevelAt[] = [];
  const stuckCodes: string[][] = [];
  stages.forEach((stage, index) => {
    if (!stage.progress) return;
    const month = monthOfWhen(stage.when);
    levels.push({
      index,
      level: stage.progress.level,
      ...(month !== undefined && start !== undefined ? { month: monthNumber(month) - monthNumber(start) } : {}),
    });
    if (stage.progress.level === lowestLevel) stuckCodes.push(stageCodes.get(stage.id) ?? []);
  });
  const costs = journey.costEvents.flatMap((event): CostFact[] => {
    const category = findAgency(journey.agencies, event.agencyId)?.category;
    if (!category) return [];
    let amount: number | undefined;
    try {
      const unit = priceOf(event);
      amount = unit === undefined ? undefined : unit * event.quantity;
    } catch {
      amount = undefined;
    }
    return [
      {
        category,
        period: event.period,
        ...(amount === undefined ? {} : { amount }),
        stageCodes: stageCodes.get(event.stageId) ?? [],
      },
    ];
  });
  return {
    journeyId: journey.id,
    ...(start === undefined ? {} : { supportStart: start }),
    levels,
    lowestLevel,
    stuckCodes,
    factors: journey.factors.map((factor) => ({
      kind: factor.kind,
      words: factor.text.trim().toLowerCase().replace(/\s+/g, ' '),
      codes: labels(factor.codes),
    })),
    costs,
  };
}
