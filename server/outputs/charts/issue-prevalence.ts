/**
 * How many of a cohort's families had each issue at referral and at closure: a pair of bars per
 * issue, each named ("At referral", "At closure") and ending in its share and count. Shares are
 * of the families assessed at each point, which may differ (families leave, or are not assessed).
 */
import { horizontalBars } from './bars.ts';
import { seriesColour } from './colours.ts';
import {
  chartWidth,
  countText,
  fontSizeFor,
  percentText,
  renderPlot,
  shareText,
  type ChartOptions,
  type ChartWithTable,
} from './plot.ts';

export interface IssueCounts {
  label: string;
  /** Families with the issue at referral. */
  referral: number;
  /** Families with the issue at closure. */
  closure: number;
}

export interface IssuePrevalenceData {
  /** How many families were assessed at referral and at closure: what the shares are of. */
  assessed: { referral: number; closure: number };
  issues: readonly IssueCounts[];
}

const POINTS = [
  { key: 'referral', label: 'At referral' },
  { key: 'closure', label: 'At closure' },
] as const;

export function issuePrevalenceChart(data: IssuePrevalenceData, options: ChartOptions = {}): ChartWithTable {
  const width = chartWidth(options);
  const fontSize = fontSizeFor(width);
  const title = options.title ?? 'Families with each issue at referral and at closure';
  const { assessed } = data;
  const share = (count: number, total: number) => (total > 0 ? (count / total) * 100 : 0);
  const categories = data.issues.map((issue) => ({
    label: issue.label,
    bars: POINTS.map((point, p) => ({
      label: point.label,
      value: share(issue[point.key], assessed[point.key]),
      text: shareText(issue[point.key], assessed[point.key]),
      colour: seriesColour(p),
    })),
  }));
  const changes = data.issues
    .slice(0, 8)
    .map(
      (issue) =>
        `${issue.label} ${percentText(issue.referral, assessed.referral)} to ${percentText(issue.closure, assessed.closure)}`,
    );
  const description =
    `Share of families with each of ${data.issues.length} issues, of ${countText(assessed.referral)} assessed at` +
    ` referral and ${countText(assessed.closure)} at closure${changes.length > 0 ? `: ${changes.join('; ')}` : ''}` +
    `${data.issues.length > 8 ? '; and more' : ''}.`;

  const svg = renderPlot(
    horizontalBars(categories, {
      width,
      fontSize,
      xLabel: 'Share of families assessed',
      xTickFormat: (d) => `${d}%`,
      xMax: 100,
    }),
    { label: title, description, fontSize },
  );

  return {
    svg,
    table: {
      caption: `${title} (${countText(assessed.referral)} families assessed at referral, ${countText(assessed.closure)} at closure)`,
      columns: ['Issue', 'At referral', 'Families at referral', 'At closure', 'Families at closure'],
      rows: data.issues.map((issue) => [
        issue.label,
        percentText(issue.referral, assessed.referral),
        issue.referral,
        percentText(issue.closure, assessed.closure),
        issue.closure,
      ]),
    },
  };
}
