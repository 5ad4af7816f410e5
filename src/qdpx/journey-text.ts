/**
 * A journey as a plain-text document for qualitative coding: its title, then each stage in
 * journey order as its headline, the words said about it, and what helped and hindered:
 *
 *     Lost the flat
 *     We had nowhere to go.
 *     Enabler: A worker who did not give up
 *
 * Only the family's story goes in; progress, voice and codes travel as codings of the text.
 * Spans say where each stage's words and each factor's text lie, in code points (check.ts).
 */
import { compareStages, type Factor, type FactorKind, type Journey, type Stage } from '../model/index.ts';
import { codePointLength } from './check.ts';
import { plainText } from './xml.ts';

/** Code points `start` up to but not including `end`. */
export interface Span {
  start: number;
  end: number;
}

export interface StageSpan {
  stage: Stage;
  /** The stage's words; its headline when nothing was said about it. */
  span: Span;
}

export interface FactorSpan {
  factor: Factor;
  /** The factor's text, without its "Enabler: " label. */
  span: Span;
}

export interface JourneyText {
  text: string;
  stages: StageSpan[];
  factors: FactorSpan[];
}

/** How a factor is labelled in the document and named in the codebook. */
export const FACTOR_LABELS: Record<FactorKind, string> = { enabler: 'Enabler', barrier: 'Barrier' };

const KIND_ORDER: Record<FactorKind, number> = { enabler: 0, barrier: 1 };

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Each stage's factors, enablers first, each kind by id: the same order on every export. */
function factorsByStage(journey: Journey): Map<string, Factor[]> {
  const sorted = [...journey.factors].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || byId(a, b));
  const byStage = new Map<string, Factor[]>();
  for (const factor of sorted) byStage.set(factor.stageId, [...(byStage.get(factor.stageId) ?? []), factor]);
  return byStage;
}

export function journeyText(journey: Journey): JourneyText {
  const parts: string[] = [];
  let offset = 0;
  const write = (piece: string): Span => {
    const clean = plainText(piece);
    const start = offset;
    offset += codePointLength(clean);
    parts.push(clean);
    return { start, end: offset };
  };

  const stages: StageSpan[] = [];
  const factors: FactorSpan[] = [];
  const factorsOf = factorsByStage(journey);
  write(journey.title);
  write('\n');
  for (const stage of [...journey.stages].sort(compareStages)) {
    write('\n');
    const headline = write(stage.title);
    write('\n');
    if (plainText(stage.words).trim() === '') {
      stages.push({ stage, span: headline });
    } else {
      stages.push({ stage, span: write(stage.words) });
      write('\n');
    }
    for (const factor of factorsOf.get(stage.id) ?? []) {
      write(`${FACTOR_LABELS[factor.kind]}: `);
      factors.push({ factor, span: write(factor.text) });
      write('\n');
    }
  }
  return { text: parts.join(''), stages, factors };
}
