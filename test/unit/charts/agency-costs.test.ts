import { describe, expect, it } from 'vitest';
import { agencyCostsChart, type AgencyCostsData } from '../../../server/outputs/charts/index.ts';
import { MALICIOUS, checkChart, tableCells, textsOf } from './svg-checks.ts';

const PERIODS = ['Before support', 'During support', 'After support'];
const BY_PERIOD: AgencyCostsData = {
  groups: PERIODS,
  agencies: [
    { label: 'Police', amounts: [123456, 45000, 9876.4] },
    { label: 'NHS', amounts: [20000, 31000, 0] },
    { label: "Children's social care", amounts: [250000, 120500, 60250] },
  ],
};

describe('agencyCostsChart', () => {
  it('draws one bar per agency, each with its cost in pounds', () => {
    const chart = agencyCostsChart({
      agencies: BY_PERIOD.agencies.map((agency) => ({ label: agency.label, amounts: [agency.amounts[0] ?? 0] })),
    });
    const texts = textsOf(checkChart(chart));
    for (const word of ['Police', 'NHS', "Children's social care", '£123,456', '£20,000', '£250,000'])
      expect(texts).toContain(word);
    expect(chart.table.columns).toEqual(['Agency', 'Cost']);
    expect(chart.table.rows).toEqual([
      ['Police', '£123,456'],
      ['NHS', '£20,000'],
      ["Children's social care", '£250,000'],
      ['All agencies', '£393,456'],
    ]);
  });

  it('split by period: each agency heads its bars, each bar is named, totals in the table', () => {
    const chart = agencyCostsChart(BY_PERIOD, { width: 820 });
    const root = checkChart(chart);
    const texts = textsOf(root);
    for (const word of ['Police', ...PERIODS, '£9,876', '£0', '£120,500']) expect(texts).toContain(word);
    expect(chart.table.columns).toEqual(['Agency', ...PERIODS, 'Total']);
    expect(chart.table.rows).toEqual([
      ['Police', '£123,456', '£45,000', '£9,876', '£178,332'],
      ['NHS', '£20,000', '£31,000', '£0', '£51,000'],
      ["Children's social care", '£250,000', '£120,500', '£60,250', '£430,750'],
      ['All agencies', '£393,456', '£196,500', '£70,126', '£660,082'],
    ]);
    expect(root.getAttribute('aria-description')).toContain("The largest is Children's social care, £430,750.");
    // Bars of the same period share a colour, and the periods differ.
    const fills = [...root.querySelectorAll('g[data-mark="bar"] rect')].map((rect) => rect.getAttribute('fill'));
    expect(fills).toHaveLength(9);
    expect(new Set(fills).size).toBe(3);
  });

  it('split by family type, with names a researcher chose, escaped', () => {
    const chart = agencyCostsChart({
      groups: ['Crisis at home', MALICIOUS],
      agencies: [{ label: MALICIOUS, amounts: [1000, 2000] }],
    });
    const texts = textsOf(checkChart(chart));
    expect(texts.filter((text) => text === MALICIOUS)).toHaveLength(2);
    expect(tableCells(chart).filter((cell) => cell === MALICIOUS)).toHaveLength(2);
  });

  it('refuses amounts that do not match the groups', () => {
    expect(() => agencyCostsChart({ groups: PERIODS, agencies: [{ label: 'Police', amounts: [1] }] })).toThrow(
      RangeError,
    );
    expect(() => agencyCostsChart({ agencies: [{ label: 'Police', amounts: [Number.NaN] }] })).toThrow(RangeError);
  });
});
