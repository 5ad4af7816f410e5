/**
 * The words people write in a theory of change, each with where it is in the editor's own
 * terms: what a refused session keeps on screen for the person to copy (see `Refused` in
 * doc-session.ts).
 */
import type { TheoryOfChange } from '../../../src/model/index.ts';
import type { Words } from '../session/refusal.ts';

export function tocWords(toc: TheoryOfChange): Words[] {
  const words: Words[] = [
    { key: 'title', where: 'The title', text: toc.title },
    { key: 'summary', where: 'The summary', text: toc.summary ?? '' },
  ];
  const titles = new Map(toc.nodes.map((node) => [node.id, node.title]));
  for (const node of toc.nodes) {
    words.push({ key: `node:${node.id}:title`, where: 'A step’s title', text: node.title });
    words.push({
      key: `node:${node.id}:description`,
      where: `“${node.title}”: what it means`,
      text: node.description ?? '',
    });
  }
  for (const link of toc.links) {
    const where = `Why “${titles.get(link.from) ?? '?'}” leads to “${titles.get(link.to) ?? '?'}”`;
    words.push({ key: `link:${link.id}:rationale`, where, text: link.rationale ?? '' });
    for (const intervention of link.interventions)
      words.push({
        key: `link:${link.id}:do:${intervention}`,
        where: 'Something the programme does',
        text: intervention,
      });
  }
  for (const indicator of toc.indicators)
    words.push({ key: `indicator:${indicator.id}`, where: 'An indicator', text: indicator.title });
  for (const assumption of toc.assumptions)
    words.push({ key: `assumption:${assumption.id}`, where: 'An assumption', text: assumption.text });
  return words;
}
