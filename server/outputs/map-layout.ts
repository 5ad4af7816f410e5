/**
 * The journey map as a drawing, for the outputs (SVG, PNG, PDF): every stage's card, in story
 * order, row after row, with its number, headline, level (its label and colour, never colour
 * alone), feeling and the start of its words, and the links between stages. Nothing about
 * costs: outputs are of the story. Sizes are in points (one SVG pixel each).
 */
import { FEELING_WORDS, levelOf, type Journey, type Stage } from '../../src/model/index.ts';
import { wrap, type Measure, type Weight } from './fonts.ts';

export const CARD_WIDTH = 240;
const GAP_X = 48;
const GAP_Y = 40;
const PAD = 12;
const TITLE_HEIGHT = 64;
const MARGIN = 24;

export interface TextLine {
  text: string;
  x: number;
  y: number;
  size: number;
  weight: Weight;
  colour: string;
}

export interface Card {
  stageId: string;
  /** "Stage 3: Drinking to get through", whole, however its headline wraps on the card. */
  label: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** The level's colour, for the band beside its label. */
  levelColour: string | undefined;
  lines: TextLine[];
}

export interface MapDrawing {
  title: string;
  width: number;
  height: number;
  cards: Card[];
  /**
   * Links between stages, from the right edge of one card to the left edge of the other; one to
   * a card on a later row runs through the gaps (`via`: the height of the gap above its row).
   */
  links: { from: { x: number; y: number }; to: { x: number; y: number }; via?: number }[];
}

/** A card's text, top to bottom, relative to its top left corner; and its height. */
function cardText(
  journey: Journey,
  stage: Stage,
  index: number,
  measure: Measure,
): { lines: TextLine[]; height: number; colour?: string } {
  const inner = CARD_WIDTH - 2 * PAD;
  const lines: TextLine[] = [];
  let y = PAD;
  const add = (texts: string[], size: number, weight: Weight, colour = '#1b1f24') => {
    for (const text of texts) {
      y += size * 1.25;
      lines.push({ text, x: PAD, y, size, weight, colour });
    }
    y += size * 0.35;
  };
  add([`Stage ${index + 1}`], 11, 'bold', '#4a5260');
  add(wrap(measure, stage.title, 16, inner, 4, 'bold'), 16, 'bold');
  const level = stage.progress ? levelOf(journey.scale, stage.progress.level) : undefined;
  if (level) add([`${level.label} (level ${level.value} of ${journey.scale.levels.length})`], 12, 'bold');
  if (stage.feeling) add([`Feeling: ${FEELING_WORDS[stage.feeling]}`], 11, 'regular', '#4a5260');
  if (stage.words) add(wrap(measure, `“${stage.words}”`, 11, inner, 8), 11, 'regular');
  return { lines, height: y + PAD, ...(level ? { colour: level.colour } : {}) };
}

export function mapLayout(journey: Journey, measure: Measure, columns = 6): MapDrawing {
  const texts = journey.stages.map((stage, index) => ({ stage, ...cardText(journey, stage, index, measure) }));
  const perRow = Math.max(1, Math.min(columns, journey.stages.length));
  const rows: number[] = [];
  texts.forEach((text, index) => {
    const row = Math.floor(index / perRow);
    rows[row] = Math.max(rows[row] ?? 0, text.height);
  });
  const rowTop = (row: number) => MARGIN + TITLE_HEIGHT + rows.slice(0, row).reduce((sum, h) => sum + h + GAP_Y, 0);
  const cards: Card[] = texts.map((text, index) => ({
    stageId: text.stage.id,
    label: `Stage ${index + 1}: ${text.stage.title}`,
    x: MARGIN + (index % perRow) * (CARD_WIDTH + GAP_X),
    y: rowTop(Math.floor(index / perRow)),
    width: CARD_WIDTH,
    height: text.height,
    levelColour: text.colour,
    lines: text.lines,
  }));
  const byId = new Map(cards.map((card) => [card.stageId, card]));
  const links = journey.links.flatMap((link) => {
    const from = byId.get(link.from);
    const to = byId.get(link.to);
    if (!from || !to) return [];
    const start = { x: from.x + from.width, y: from.y + 24 };
    const end = { x: to.x, y: to.y + 24 };
    return [to.y === from.y ? { from: start, to: end } : { from: start, to: end, via: to.y - GAP_Y / 2 }];
  });
  return {
    title: journey.title,
    width: MARGIN * 2 + perRow * CARD_WIDTH + (perRow - 1) * GAP_X,
    height: rowTop(rows.length) - GAP_Y + MARGIN,
    cards,
    links,
  };
}
