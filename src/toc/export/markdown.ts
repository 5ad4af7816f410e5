/**
 * A theory of change as a narrative an evaluator can read: the ceiling of accountability, the
 * tiers from impact down, how change happens link by link, then indicators and assumptions.
 * Give it an export view (see `exportView`): it prints what the view holds and nothing else.
 */
import {
  canonicalToc,
  TOC_NODE_KIND_LABELS,
  type Evidence,
  type TheoryOfChange,
  type TocLink,
  type TocNode,
} from '../../model/index.ts';
import { mdBlock, mdInline, mdLine, mdTable } from './markdown-text.ts';
import {
  baselineText,
  ceilingText,
  costEventTypeLabel,
  directionText,
  familiesText,
  levelText,
  measureText,
  periodText,
  progressText,
  resultValueText,
  tierSideText,
  tiers,
  type ExportWordingOptions,
} from './wording.ts';

const item = (label: string, text: string | undefined) => (text ? [`- **${label}:** ${mdInline(text)}`] : []);

function evidenceLines(evidence: readonly Evidence[]): string[] {
  if (evidence.length === 0) return [];
  const quoted = evidence.filter((e) => e.quote !== undefined);
  const stages = new Set(evidence.map((e) => `${e.journeyId}/${e.stageId}`)).size;
  const summary = `Evidence: ${stages} ${stages === 1 ? 'stage' : 'stages'} of families’ journeys${
    quoted.length > 0 ? '; in their words:' : '.'
  }`;
  return [
    '',
    summary,
    ...quoted.flatMap((e) => ['', mdBlock(e.quote ?? '', '> '), `> — ${mdInline(`journey ${e.journeyId}`)}`]),
  ];
}

function nodeSection(node: TocNode, options: ExportWordingOptions): string[] {
  return [
    `### ${mdInline(node.title)}`,
    ...(node.description ? ['', mdBlock(node.description)] : []),
    '',
    ...item('Families', familiesText(node.families, options)),
    ...item('Makes rarer', node.reduces.map(costEventTypeLabel).join(', ')),
    ...item('Progress', node.progress && progressText(node.progress, options)),
    ...evidenceLines(node.evidence),
    '',
  ];
}

function linkSection(link: TocLink, toc: TheoryOfChange, options: ExportWordingOptions): string[] {
  const title = (id: string) => toc.nodes.find((node) => node.id === id)?.title ?? id;
  const assumptions = link.assumptionIds.flatMap((id) => toc.assumptions.filter((a) => a.id === id));
  return [
    `### ${mdInline(title(link.from))} → ${mdInline(title(link.to))}`,
    ...(link.rationale ? ['', mdBlock(link.rationale)] : []),
    '',
    ...item('Confidence', link.confidence),
    ...item('Families', familiesText(link.families, options)),
    ...(link.interventions.length > 0
      ? ['- **Interventions:**', ...link.interventions.map((text) => `  - ${mdLine(text)}`)]
      : []),
    ...(assumptions.length > 0
      ? ['- **Assumptions:**', ...assumptions.map((a) => `  - ${mdLine(`${a.text} (${a.kind}, ${a.risk} risk)`)}`)]
      : []),
    ...evidenceLines(link.evidence),
    '',
  ];
}

function indicatorsTable(toc: TheoryOfChange, options: ExportWordingOptions): string {
  if (toc.indicators.length === 0) return 'None yet.';
  const nodeTitle = (id: string) => toc.nodes.find((node) => node.id === id)?.title ?? id;
  const scale = options.scale?.id === toc.scaleId ? options.scale : undefined;
  return mdTable(
    ['Indicator', 'For', 'Measure', 'Direction', 'Population', 'Target', 'Threshold', 'By when', 'Baseline', 'Periods'],
    toc.indicators.map((indicator) => [
      [
        indicator.title,
        indicator.costEventType && `counts: ${costEventTypeLabel(indicator.costEventType)}`,
        indicator.progressLevel === undefined ? undefined : `reaching ${levelText(indicator.progressLevel, scale)}`,
      ]
        .filter(Boolean)
        .join('; '),
      nodeTitle(indicator.nodeId),
      measureText(indicator),
      directionText(indicator),
      indicator.population,
      resultValueText(indicator.target),
      resultValueText(indicator.threshold),
      indicator.timeline,
      baselineText(indicator),
      indicator.periods.map(periodText).join('; '),
    ]),
  );
}

function assumptionsTable(toc: TheoryOfChange): string {
  if (toc.assumptions.length === 0) return 'None yet.';
  return mdTable(
    ['Assumption', 'Kind', 'Risk', 'Status'],
    toc.assumptions.map((a) => [a.text, a.kind, a.risk, a.status]),
  );
}

export function tocToMarkdown(toc: TheoryOfChange, options: ExportWordingOptions = {}): string {
  const model = canonicalToc(toc);
  const lines = [
    `# ${mdInline(model.title)}`,
    ...(model.summary ? ['', mdBlock(model.summary)] : []),
    '',
    '## Ceiling of accountability',
    '',
    mdBlock(ceilingText(model.ceiling)),
    ...(model.ceiling.note ? ['', mdBlock(model.ceiling.note)] : []),
    '',
    ...tiers(model).flatMap(({ kind, nodes }) => [
      `## ${mdInline(`${TOC_NODE_KIND_LABELS[kind]} (${tierSideText(kind, model.ceiling)})`)}`,
      '',
      ...nodes.flatMap((node) => nodeSection(node, options)),
    ]),
    '## How change happens',
    '',
    ...(model.links.length === 0 ? ['No links yet.', ''] : model.links.flatMap((l) => linkSection(l, model, options))),
    '## Indicators',
    '',
    indicatorsTable(model, options),
    '',
    '## Assumptions',
    '',
    assumptionsTable(model),
  ];
  return `${lines.join('\n')}\n`;
}
