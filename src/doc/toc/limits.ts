/**
 * The caps the theory-of-change schema puts on its lists, in one place for the read (which cuts
 * what concurrent additions pushed past them) and the commands (which refuse to pass them). A
 * unit test holds them equal to the schema's.
 */
export const TOC_LIMITS = {
  journeyIds: 2000,
  nodes: 1000,
  links: 5000,
  indicators: 2000,
  assumptions: 1000,
  /** Per node or link. */
  evidence: 500,
  reduces: 30,
  codes: 20,
  assumptionIds: 30,
  interventions: 20,
  /** Description and rationale, as typed (the read trims). */
  longText: 2000,
} as const;
