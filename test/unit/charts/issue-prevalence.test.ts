import { describe, expect, it } from 'vitest';
import { issuePrevalenceChart, type IssuePrevalenceData } from '../../../server/outputs/charts/index.ts';
import { MALICIOUS, checkChart, tableCells, textsOf } from './svg-checks.ts';

const ISSUES: IssuePrevalenceData = {
  assessed: { referral: 1200, closure: 1000 },
  issues: [
    { label: 'Domestic abuse', referral: 540, closure: 210 },
    { label: 'School attendance', referral: 800, closure: 330 },
    { label: 'Worklessness', referral: 300, closure: 320 },
  ],
};

describe('issuePrevalenceChart', () => {
  it('pairs referral and closure bars under each issue, each with its share and count', () => {
    const chart = issuePrevalenceChart(ISSUES);
    const root = checkChart(chart);
    const texts = textsOf(root);
    for (const word of [
      'Domestic abuse',
      'At referral',
      'At closure',
      '45% (540)',
      '21% (210)',
      '67% (800)',
      '32% (320)',
    ])
      expect(texts).toContain(word);
    expect(chart.table.caption).toContain('1,200 families assessed at referral, 1,000 at closure');
    expect(chart.table.rows).toEqual([
      ['Domestic abuse', '45%', 540, '21%', 210],
      ['School attendance', '67%', 800, '33%', 330],
      ['Worklessness', '25%', 300, '32%', 320],
    ]);
    expect(root.getAttribute('aria-description')).toContain('Domestic abuse 45% to 21%');
    expect(root.querySelectorAll('g[data-mark="bar"] rect')).toHaveLength(6);
  });

  it('escapes an issue named with markup', () => {
    const chart = issuePrevalenceChart({
      assessed: { referral: 10, closure: 10 },
      issues: [{ label: MALICIOUS, referral: 5, closure: 1 }],
    });
    expect(textsOf(checkChart(chart))).toContain(MALICIOUS);
    expect(tableCells(chart)).toContain(MALICIOUS);
  });

  it('writes no share where nobody was assessed', () => {
    const chart = issuePrevalenceChart({
      assessed: { referral: 10, closure: 0 },
      issues: [{ label: 'Debt', referral: 4, closure: 0 }],
    });
    checkChart(chart);
    expect(chart.table.rows).toEqual([['Debt', '40%', 4, '–', 0]]);
  });
});
