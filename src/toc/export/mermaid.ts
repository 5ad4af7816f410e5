/**
 * A theory of change as a Mermaid flowchart, drawn bottom to top: activities at the bottom,
 * impact at the top, one subgraph per tier, inside two outer subgraphs on either side of the
 * ceiling of accountability. Nodes above the ceiling are dashed.
 *
 * Ids are generated (`n1`, `n2`…), never taken from the model, and every label is a quoted
 * string in which anything but letters, digits and plain punctuation is written as a Mermaid
 * entity code (`#35;`), so no title can close a label, start a comment or carry markup.
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

/** Each kind's shape: what goes before and after the quoted label. */
const SHAPES: Record<TocNodeKind, readonly [string, string]> = {
  impact: ['{{', '}}'],
  'long-term-outcome': ['([', '])'],
  'intermediate-outcome': ['(', ')'],
  precondition: ['[/', '/]'],
  output: ['[[', ']]'],
  activity: ['[', ']'],
};

/** Stronger arrows for more confident links. */
const ARROWS: Record<Confidence, string> = { high: '==>', medium: '-->', low: '-.->' };

/**
 * Kept as they are. Not `:` — Mermaid edits any line with `style`, a colon and a `#` before it
 * parses (it drops the line's last `;`, which can be an entity's), so no colon may reach a label.
 */
const PLAIN = /^[A-Za-z0-9 ,.!?'()-]$/;
/** An invisible word joiner: Mermaid turns a backslash and `n` into a line break, even as entities. */
const WORD_JOINER = '#8288;';

/** A quoted Mermaid label: plain text kept, everything else as an entity code; line breaks as `<br>`. */
export function mermaidLabel(text: string): string {
  let out = '';
  for (const line of text.trim().split(/\r\n|\r|\n|\u2028|\u2029/)) {
    if (out !== '') out += '<br>';
    const chars = [...line];
    chars.forEach((char, i) => {
      const code = char.codePointAt(0) ?? 0;
      out += PLAIN.test(char) || (code > 0x7f && !/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(char)) ? char : `#${code};`;
      if (char === '\\' && chars[i + 1] === 'n') out += WORD_JOINER;
    });
  }
  return `"${out}"`;
}

export function tocToMermaid(toc: TheoryOfChange, options: ExportWordingOptions = {}): string {
  const model = canonicalToc(toc);
  const ids = new Map(model.nodes.map((node, index) => [node.id as string, `n${index + 1}`]));
  const lines = ['flowchart BT'];

  const present = tiers(model);
  for (const side of CEILING_SIDES) {
    const sideTiers = present.filter(({ kind }) => isAccountable(kind, model.ceiling) === side.accountable);
    if (sideTiers.length === 0) continue;
    lines.push(`  subgraph ${side.id}[${mermaidLabel(side.title)}]`);
    for (const { kind, nodes } of sideTiers) {
      const title = `${TOC_NODE_KIND_LABELS[kind]} (${tierSideText(kind, model.ceiling)})`;
      lines.push(`    subgraph tier_${kind.replace(/-/g, '_')}[${mermaidLabel(title)}]`);
      const [open, close] = SHAPES[kind];
      for (const node of nodes) {
        const families = familiesText(node.families, options);
        const label = families ? `${node.title}\n${families}` : node.title;
        lines.push(`      ${ids.get(node.id)}${open}${mermaidLabel(label)}${close}`);
      }
      lines.push('    end');
    }
    lines.push('  end');
  }

  // Invisible links from each tier up to the next keep the tiers stacked where no link runs.
  for (let t = present.length - 1; t > 0; t--) {
    const [below, above] = [present[t]?.nodes[0], present[t - 1]?.nodes[0]];
    if (below && above) lines.push(`  ${ids.get(below.id)} ~~~ ${ids.get(above.id)}`);
  }

  for (const link of model.links) {
    const arrow = ARROWS[link.confidence ?? 'medium'];
    const label = link.confidence ? `|${mermaidLabel(`${link.confidence} confidence`)}|` : '';
    lines.push(`  ${ids.get(link.from)} ${arrow}${label} ${ids.get(link.to)}`);
  }

  const beyond = model.nodes.filter((node) => !isAccountable(node.kind, model.ceiling));
  if (beyond.length > 0) {
    lines.push('  classDef contributes stroke-dasharray: 6 4');
    lines.push(`  class ${beyond.map((node) => ids.get(node.id)).join(',')} contributes`);
    lines.push('  style contribution stroke-dasharray: 6 4');
  }
  return `${lines.join('\n')}\n`;
}
