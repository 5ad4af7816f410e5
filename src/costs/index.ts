/** Service costs: reference tables, uprating, per-journey costs and the savings calculator (pure). */
export * from './calculator.ts';
export * from './deflator.ts';
export * from './journey-costs.ts';
export * from './unit-cost-table.ts';
export * from './cohort.ts';
export * from './wording.ts';
