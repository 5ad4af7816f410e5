/**
 * The research cohort view's charts, drawn on the server as SVG with Observable Plot, each with a
 * table of the same numbers to show beside it. Pages put the SVG inline and link
 * site/styles/charts.css, which holds the rules Plot would have put in a `<style>` element.
 */
export { agencyCostsChart, type AgencyCostsData } from './agency-costs.ts';
export { issuePrevalenceChart, type IssuePrevalenceData } from './issue-prevalence.ts';
export { CHART_CLASS, cellText, type ChartTable, type ChartWithTable } from './plot.ts';
export { MAX_FAMILY_LINES, trajectoriesChart } from './trajectories.ts';
export { medianLevel, trajectoryPoints, type TrajectoriesData, type TrajectoryLevel } from './trajectory-data.ts';
export { typeProfileHeatmap, typeSizesChart, type TypeProfilesData } from './type-profiles.ts';
