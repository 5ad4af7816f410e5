/**
 * Outcomes across a cohort of families (pure): figures as the published accounts report them,
 * computed from case-level data through one registry of kinds; their suppression for evaluators;
 * and trajectories over the months of support.
 */
export * from './figures.ts';
export * from './from-assessments.ts';
export * from './result.ts';
export * from './rounding.ts';
export * from './suppress.ts';
export * from './trajectory.ts';
