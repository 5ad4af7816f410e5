/** Plain-English wording for journey values, shared by pages and the editor island. */
import { type Journey, type LevelIconSchema, type When } from '../../src/model/index.ts';
import type { z } from 'zod';

const MONTHS = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const DAYS = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' });

export function describeWhen(when: When | undefined, journey: Pick<Journey, 'family'>): string | undefined {
  switch (when?.kind) {
    case undefined:
      return undefined;
    case 'date':
      return DAYS.format(new Date(`${when.date}T00:00:00Z`));
    case 'month':
      return MONTHS.format(new Date(`${when.month}-01T00:00:00Z`));
    case 'year':
      return String(when.year);
    case 'age': {
      const member = journey.family.members.find((m) => m.id === when.memberId);
      return `when ${member?.pseudonym ?? 'they'} ${member ? 'was' : 'were'} ${when.years}`;
    }
    case 'phrase':
      return when.text;
  }
}

export { FEELING_WORDS } from '../../src/model/index.ts';

/** A glyph per level icon: drawn beside the label so a level is never told by colour alone. */
export const LEVEL_GLYPHS: Record<z.output<typeof LevelIconSchema>, string> = {
  knot: '■',
  'door-open': '◐',
  footsteps: '▲',
  cogs: '◆',
  sunrise: '★',
  circle: '●',
};

/**
 * Several things people said, on one line ("Helped: …"): separated by "; ", except after one that
 * already ends its sentence, where a space reads better than "home.; I was".
 */
export function sayings(texts: readonly string[]): string {
  return texts.reduce((line, text, i) => {
    if (i === 0) return text;
    const ended = /[.!?…]["'”’)]?$/.test(line.trimEnd());
    return `${line.trimEnd()}${ended ? ' ' : '; '}${text}`;
  }, '');
}
