/** The domain model: one module per concept. Import from here outside `src/model`. */
export * from './agency.ts';
export * from './code.ts';
export * from './consent.ts';
export * from './cost-event-types.ts';
export * from './cost-event.ts';
export * from './factor.ts';
export * from './family-member.ts';
export * from './ids.ts';
export * from './journey.ts';
export * from './link.ts';
export * from './progress-scale.ts';
export * from './services.ts';
export * from './stage.ts';
export * from './theory-of-change.ts';
export * from './unit-cost.ts';
export * from './when.ts';
export * from './validation-issue.ts';
