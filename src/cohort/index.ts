/** Families compared side by side from their journeys: the cohort view's facts and figures. */
export * from './cohort-view.ts';
export * from './derived-cache.ts';
export * from './journey-facts.ts';
