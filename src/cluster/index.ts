/**
 * Family types: k-modes clustering of families' binary issue profiles, with the silhouette to
 * choose the number of types, the adjusted Rand index and bootstrap stability to judge them,
 * per-type summaries, and a synthetic cohort shaped like Supporting Leicestershire Families'
 * four types (pure; no dependencies).
 */
export * from './random.ts';
export * from './profiles.ts';
export * from './kmodes.ts';
export * from './silhouette.ts';
export * from './choose-k.ts';
export * from './ari.ts';
export * from './stability.ts';
export * from './summarise.ts';
export * from './synthetic.ts';
