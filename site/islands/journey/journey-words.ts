/**
 * The words people write in a journey, each with where it is in the editor's own terms: what a
 * refused session keeps on screen for the person to copy (see `Refused` in doc-session.ts).
 */
import type { Journey } from '../../../src/model/index.ts';
import type { Words } from '../session/refusal.ts';

export function journeyWords(journey: Journey): Words[] {
  const words: Words[] = [
    { key: 'title', where: 'The journey’s title', text: journey.title },
    { key: 'summary', where: 'The journey’s summary', text: journey.summary ?? '' },
  ];
  const headline = new Map(journey.stages.map((stage) => [stage.id, stage.title]));
  for (const stage of journey.stages) {
    words.push({ key: `stage:${stage.id}:title`, where: 'A stage’s headline', text: stage.title });
    words.push({ key: `stage:${stage.id}:words`, where: `“${stage.title}”: in their own words`, text: stage.words });
  }
  for (const factor of journey.factors) {
    const what = factor.kind === 'enabler' ? 'what helped' : 'what got in the way';
    const stage = headline.get(factor.stageId) ?? 'A stage';
    words.push({ key: `factor:${factor.id}`, where: `“${stage}”: ${what}`, text: factor.text });
  }
  for (const event of journey.costEvents)
    words.push({ key: `cost:${event.id}:note`, where: 'A note on a cost event', text: event.note ?? '' });
  return words;
}
