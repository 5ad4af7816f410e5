/**
 * Ways to start a journey. "Blank" has no stages; "story prompts" lays out the moments the
 * Leicestershire customer journeys asked about (seed 003: as far back as they remember, high
 * and low points, how they were helped, where they are now), as empty stages to fill in.
 */
export const JOURNEY_TEMPLATES = {
  blank: { label: 'Blank: no stages yet', stages: [] },
  'story-prompts': {
    label: 'Story prompts: six moments to start the conversation',
    stages: [
      'As far back as we remember',
      'A low point',
      'A high point',
      'When help came',
      'When things started to change',
      'Where we are now',
    ],
  },
} as const satisfies Record<string, { label: string; stages: readonly string[] }>;

export type JourneyTemplate = keyof typeof JOURNEY_TEMPLATES;
export const JOURNEY_TEMPLATE_KEYS = Object.keys(JOURNEY_TEMPLATES) as [JourneyTemplate, ...JourneyTemplate[]];
