/**
 * The caps the theory-of-change schema puts on its lists, in one place for the read (which cuts
 * what concurrent additions pushed past them) and the commands (which refuse to pass them). A
 * unit test holds them equal to the schema's.
 */
import { MAX_EVIDENCE_PER_ELEMENT } from '../../model/theory-of-change.ts';

export const TOC_LIMITS = {
  journeyIds: MAX_EVIDENCE_PER_ELEMENT,
  nodes: 1000,
  links: 5000,
  indicators: 2000,
  assumptions: 1000,
  /** Per node or link. */
  evidence: MAX_EVIDENCE_PER_ELEMENT,
  reduces: 30,
  codes: 20,
  assumptionIds: 30,
  interventions: 20,
  /** Description and rationale, as typed (the read trims). */
  longText: 2000,
} as const;
