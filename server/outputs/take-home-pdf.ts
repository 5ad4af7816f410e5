/**
 * "Safe to take home": a print of the journey for the family, in large type (A4 portrait):
 * their stages in order with their words, where they were on the scale and how it felt, and
 * what helped and got in the way. Nothing else: no costs, no services' records, no summary or
 * notes staff wrote, no stage in a practitioner's or researcher's voice, no staff names, nothing
 * of any other family. Built from an allow-list, so a field added later stays out until chosen.
 */
import { FEELING_WORDS, levelOf, type Journey } from '../../src/model/index.ts';
import { newPdf, pdfBytes } from './map-pdf.ts';

/** Whose words may go home: the family's own. */
const FAMILY_VOICES = new Set(['parent', 'child-or-young-person', 'other-family-member']);

export interface TakeHomeStage {
  number: number;
  title: string;
  level?: string;
  feeling?: string;
  words?: string;
  helped: string[];
  hindered: string[];
}

/** What goes home, and nothing more. */
export function takeHomeStages(journey: Journey): TakeHomeStage[] {
  return journey.stages
    .filter((stage) => FAMILY_VOICES.has(stage.voice))
    .map((stage, index) => {
      const level = stage.progress ? levelOf(journey.scale, stage.progress.level) : undefined;
      const factors = (kind: 'enabler' | 'barrier') =>
        journey.factors.filter((f) => f.stageId === stage.id && f.kind === kind).map((f) => f.text);
      return {
        number: index + 1,
        title: stage.title,
        ...(level ? { level: `${level.label} (${level.value} of ${journey.scale.levels.length})` } : {}),
        ...(stage.feeling ? { feeling: FEELING_WORDS[stage.feeling] } : {}),
        ...(stage.words ? { words: stage.words } : {}),
        helped: factors('enabler'),
        hindered: factors('barrier'),
      };
    });
}

export function takeHomePdf(journey: Journey): Promise<Buffer> {
  const doc = newPdf('A4', 'Our journey');
  doc.addPage({ size: 'A4', layout: 'portrait', margin: 56 });
  const width = doc.page.width - 112;
  const say = (text: string, size: number, weight: 'regular' | 'bold' = 'regular', gap = 8) => {
    doc.font(weight).fontSize(size).fillColor('#1b1f24').text(text, { width, lineGap: 4 });
    doc.moveDown(gap / size);
  };
  say('Our journey', 32, 'bold', 16);
  for (const stage of takeHomeStages(journey)) {
    if (doc.y > doc.page.height - 200) doc.addPage({ size: 'A4', layout: 'portrait', margin: 56 });
    say(`${stage.number}. ${stage.title}`, 24, 'bold');
    if (stage.level) say(`Where we were: ${stage.level}`, 18);
    if (stage.feeling) say(`How it felt: ${stage.feeling}`, 18);
    if (stage.words) say(`“${stage.words}”`, 18);
    for (const text of stage.helped) say(`What helped: ${text}`, 18);
    for (const text of stage.hindered) say(`What got in the way: ${text}`, 18);
    doc.moveDown(1);
  }
  return pdfBytes(doc);
}
