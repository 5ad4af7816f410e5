/**
 * A theory of change as a Graphviz digraph, drawn bottom to top (`rankdir=BT`): one cluster per
 * side of the ceiling of accountability (the side the programme only contributes to is dashed),
 * inside it one cluster per tier with its nodes on the same rank.
 *
 * Ids are generated (`n1`, `n2`…); every label is a quoted string (never an HTML label) with
 * backslashes, quotes and `&` escaped, so no title can end the string, form an escape sequence
 * or an entity.
 */
import {
  canonicalToc,
  TOC_NODE_KIND_LABELS,
  type Confidence,
  type TheoryOfChange,
  type TocNodeKind,
} from '../../model/index.ts';
import {
  CEILING_SIDES,
  familiesText,
  isAccountable,
  tierSideText,
  tiers,
  type ExportWordingOptions,
} from './wording.ts';

const SHAPES: Record<TocNodeKind, string> = {
  impact: 'hexagon',
  'long-term-outcome': 'ellipse',
  'intermediate-outcome': 'box',
  precondition: 'parallelogram',
  output: 'component',
  activity: 'box',
};

const EDGE_STYLES: Record<Confidence, string> = { high: 'bold', medium: 'solid', low: 'dashed' };

/** Break text into lines of about `width` characters at spaces, so long titles wrap. */
function wrap(text: string, width = 28): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r\n|\r|\n/)) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line !== '' && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else line = line === '' ? word : `${line} ${word}`;
    }
    if (line !== '') lines.push(line);
  }
  return lines;
}

/** A quoted DOT string for a label: lines joined by `\n`, nothing inside that DOT would interpret. */
export function dotLabel(text: string): string {
  const escaped = wrap(text).map((line) =>
    line
      // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
      .replace(/[\u0000-\u001f\u007f]/g, ' ')
      .replace(/\\/g, '\\\\')
      .replace(/"/g, '\\"')
      .replace(/&/g, '&amp;'),
  );
  return `"${escaped.join('\\n')}"`;
}

export function tocToDot(toc: TheoryOfChange, options: ExportWordingOptions = {}): string {
  const model = canonicalToc(toc);
  const ids = new Map(model.nodes.map((node, index) => [node.id as string, `n${index + 1}`]));
  const lines = [
    'digraph theory_of_change {',
    `  graph [rankdir=BT, newrank=true, labelloc=t, fontname="Helvetica", label=${dotLabel(model.title)}];`,
    '  node [fontname="Helvetica", fontsize=11, style="filled", fillcolor="white"];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];

  const present = tiers(model);
  for (const side of CEILING_SIDES) {
    const sideTiers = present.filter(({ kind }) => isAccountable(kind, model.ceiling) === side.accountable);
    if (sideTiers.length === 0) continue;
    lines.push(`  subgraph cluster_${side.id} {`);
    lines.push(`    label=${dotLabel(side.title)};`, `    style=${side.accountable ? 'solid' : 'dashed'};`);
    for (const { kind, nodes } of sideTiers) {
      lines.push(`    subgraph cluster_tier_${kind.replace(/-/g, '_')} {`);
      lines.push(`      label=${dotLabel(`${TOC_NODE_KIND_LABELS[kind]} (${tierSideText(kind, model.ceiling)})`)};`);
      lines.push('      rank=same;', '      style=dotted;');
      const style = `"filled${kind === 'intermediate-outcome' ? ',rounded' : ''}${side.accountable ? '' : ',dashed'}"`;
      for (const node of nodes) {
        const families = familiesText(node.families, options);
        const label = dotLabel(families ? `${node.title}\n(${families})` : node.title);
        lines.push(`      ${ids.get(node.id)} [shape=${SHAPES[kind]}, style=${style}, label=${label}];`);
      }
      lines.push('    }');
    }
    lines.push('  }');
  }

  // Tiers stack in order even where no link runs between them: an invisible edge from each
  // tier up to the next holds the ranks apart (`rank=same` keeps the rest of the tier beside it).
  for (let t = present.length - 1; t > 0; t--) {
    const [below, above] = [present[t]?.nodes[0], present[t - 1]?.nodes[0]];
    if (below && above) lines.push(`  ${ids.get(below.id)} -> ${ids.get(above.id)} [style=invis, weight=0];`);
  }

  for (const link of model.links) {
    const attributes = link.confidence
      ? ` [style=${EDGE_STYLES[link.confidence]}, label=${dotLabel(`${link.confidence} confidence`)}]`
      : '';
    lines.push(`  ${ids.get(link.from)} -> ${ids.get(link.to)}${attributes};`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
