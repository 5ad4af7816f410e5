/**
 * Issue profiles across families: the built-in Phase Two issue set and its sources, eligibility,
 * and profiles in bulk as CSV (pure: the server adds storage, access and audit).
 */
export * from './eligibility.ts';
export * from './phase-two.ts';
export * from './profile-csv.ts';
export * from './sources.ts';
