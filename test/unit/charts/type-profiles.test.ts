import { describe, expect, it } from 'vitest';
import { typeProfileHeatmap, typeSizesChart, type TypeProfilesData } from '../../../server/outputs/charts/index.ts';
import { MALICIOUS, checkChart, tableCells, textsOf } from './svg-checks.ts';

const PROFILES: TypeProfilesData = {
  types: [
    { label: 'Crisis at home', families: 40 },
    { label: 'School and youth justice', families: 25 },
    { label: 'Quiet struggle', families: 35 },
  ],
  issues: [
    { label: 'Domestic abuse', counts: [32, 5, 7] },
    { label: 'School attendance', counts: [10, 24, 14] },
    { label: 'Debt', counts: [0, 3, 28] },
  ],
};

describe('typeProfileHeatmap', () => {
  it('writes each cell’s share in it, and puts every type, issue and figure in the table', () => {
    const chart = typeProfileHeatmap(PROFILES);
    const root = checkChart(chart);
    const texts = textsOf(root);
    for (const share of ['80%', '20%', '25%', '96%', '40%', '0%', '12%']) expect(texts).toContain(share);
    for (const issue of PROFILES.issues) expect(texts).toContain(issue.label);
    expect(texts).toEqual(expect.arrayContaining(['Crisis at home\nn = 40']));
    expect(chart.table.columns).toEqual(['Issue', 'Crisis at home', 'School and youth justice', 'Quiet struggle']);
    expect(chart.table.rows).toEqual([
      ['Families in the type', 40, 25, 35],
      ['Domestic abuse', '80% (32)', '20% (5)', '20% (7)'],
      ['School attendance', '25% (10)', '96% (24)', '40% (14)'],
      ['Debt', '0% (0)', '12% (3)', '80% (28)'],
    ]);
    expect(root.getAttribute('aria-description')).toContain('Crisis at home: Domestic abuse (80%)');
    // A cell is darker for more, and every cell is outlined whatever its shade.
    const cells = root.querySelectorAll('g[data-mark="cell"] rect');
    expect(cells).toHaveLength(9);
    for (const cell of cells)
      expect(cell.getAttribute('stroke') ?? cell.parentElement?.getAttribute('stroke')).toBeTruthy();
  });

  it('wraps a long type name over lines and keeps it whole in the table', () => {
    const long = 'Domestic abuse and mental health difficulties in the wider family network';
    const types = [long, 'B', 'C', 'D', 'E'].map((label) => ({ label, families: 10 }));
    const chart = typeProfileHeatmap({ types, issues: [{ label: 'Debt', counts: [1, 2, 3, 4, 5] }] }, { width: 820 });
    const header = textsOf(checkChart(chart)).find((text) => text.startsWith('Domestic'));
    expect(header?.split('\n').length).toBeGreaterThan(2);
    expect(header?.split('\n').at(-1)).toBe('n = 10');
    expect(chart.table.columns).toContain(long);
  });

  it('escapes a type or issue a researcher named with markup', () => {
    const chart = typeProfileHeatmap({
      types: [{ label: MALICIOUS, families: 2 }],
      issues: [{ label: MALICIOUS, counts: [1] }],
    });
    const root = checkChart(chart);
    expect(tableCells(chart).filter((cell) => cell === MALICIOUS)).toHaveLength(2);
    expect(textsOf(root)).toContain(MALICIOUS);
  });

  it('says a type with no families has no share, and refuses counts that do not match the types', () => {
    const chart = typeProfileHeatmap({
      types: [{ label: 'Empty', families: 0 }],
      issues: [{ label: 'Debt', counts: [0] }],
    });
    expect(textsOf(checkChart(chart))).toContain('–');
    expect(chart.table.rows[1]).toEqual(['Debt', '–']);
    expect(() => typeProfileHeatmap({ types: PROFILES.types, issues: [{ label: 'Debt', counts: [1] }] })).toThrow(
      RangeError,
    );
  });
});

describe('typeSizesChart', () => {
  it('labels each type’s bar with its share and count', () => {
    const chart = typeSizesChart(PROFILES, { width: 1800 });
    const texts = textsOf(checkChart(chart));
    for (const label of ['40% (40)', '25% (25)', '35% (35)', 'Crisis at home', 'Quiet struggle'])
      expect(texts).toContain(label);
    expect(chart.table.rows).toEqual([
      ['Crisis at home', '40%', 40],
      ['School and youth justice', '25%', 25],
      ['Quiet struggle', '35%', 35],
    ]);
  });

  it('escapes a type named with markup', () => {
    const chart = typeSizesChart({ types: [{ label: MALICIOUS, families: 3 }] });
    expect(textsOf(checkChart(chart))).toContain(MALICIOUS);
    expect(tableCells(chart)).toContain(MALICIOUS);
  });
});
