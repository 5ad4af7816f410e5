/** Families to export in the qdpx tests: two small journeys, and one full of awkward text. */
import { JourneySchema, type Journey } from '../../../src/model/index.ts';
import type { FamilyToExport, QdpxExportOptions } from '../../../src/qdpx/index.ts';
import { smallJourney, smallJourneyInput } from '../../fixtures/small-journey.ts';

export const EXPORTED_AT = new Date('2024-05-01T10:30:00Z');

export const OPTIONS: QdpxExportOptions = {
  projectName: 'Leicestershire families, spring 2024',
  exportedBy: { id: 'staff-7', name: 'Priya Shah' },
  exportedAt: EXPORTED_AT,
};

/** Guids in a known sequence, for byte-for-byte comparisons. */
export function countingGuids(): () => string {
  let next = 0;
  return () => `00000000-0000-4000-8000-${(++next).toString(16).padStart(12, '0')}`;
}

/** A second family: a barrier, a code of its own and the researcher's voice. */
export function secondJourney(): Journey {
  const input = smallJourneyInput();
  return JourneySchema.parse({
    ...input,
    id: 'second-journey',
    title: 'Starting over',
    summary: 'Two moves in a year, then a school that kept a place open.',
    family: { pseudonym: 'The Okafor family', familyType: 'early-family-support', members: [] },
    stages: [
      {
        id: 'a',
        title: 'New town',
        words: 'Nobody knew us here.',
        order: 1,
        progress: { level: 1, ratedBy: 'worker' },
      },
      {
        id: 'b',
        title: 'School called',
        words: 'They said he could come back.\nHe went the next day.',
        voice: 'researcher',
        order: 2,
        progress: { level: 3, ratedBy: 'family', disagreement: 'The worker put it lower.' },
        codes: ['school'],
      },
    ],
    links: [],
    costEvents: [],
    factors: [
      { id: 'f2', stageId: 'a', kind: 'barrier', text: 'No one to ask for help', codes: ['isolation'] },
      { id: 'f1', stageId: 'b', kind: 'enabler', text: 'The head teacher rang', codes: ['school'] },
    ],
    codes: [
      { id: 'school', label: 'School', description: 'Anything about school or college.' },
      { id: 'isolation', label: 'Isolation' },
    ],
  });
}

export function twoFamilies(): FamilyToExport[] {
  return [
    {
      pseudonym: 'The Test family',
      familyType: 'Disaffected young people',
      phaseTwoEligible: true,
      consent: new Set(['mapping', 'analysis', 'share-words']),
      journeys: [smallJourney()],
      recordedBy: { id: 'staff-2', name: 'Sam Green' },
    },
    {
      pseudonym: 'The Okafor family',
      phaseTwoEligible: false,
      consent: new Set(['analysis', 'mapping']),
      journeys: [secondJourney()],
    },
  ];
}

/** Markup, entities, quotes, emoji (astral code points) and control characters in family text. */
export const AWKWARD = {
  title: 'Tom & Jerry\'s "<b>big</b>" move 🏠',
  words: 'He said <script>alert("hi & bye")</script> 👨‍👩‍👧 then \u0007beeped\u0000 and 🎉 it\'s done.\r\nNext line ✓',
  /** The words as the document holds them: control characters gone, the Windows line end as \n. */
  wordsInDocument: 'He said <script>alert("hi & bye")</script> 👨‍👩‍👧 then beeped and 🎉 it\'s done.\nNext line ✓',
  barrier: 'Letters we couldn\'t read: "final notice" <urgent> 📨',
  pseudonym: 'The O\'Neill & "Smith" <family>\tsecond',
};

export function awkwardFamily(): FamilyToExport {
  const input = smallJourneyInput();
  const journey = JourneySchema.parse({
    ...input,
    title: AWKWARD.title,
    stages: [
      { id: 'emoji-first', title: '🌧️ Before', words: '😀😀😀 three faces', order: 0 },
      { ...input.stages[0]!, title: AWKWARD.title, words: AWKWARD.words },
      ...input.stages.slice(1),
    ],
    factors: [...(input.factors ?? []), { id: 'f9', stageId: 's1', kind: 'barrier', text: AWKWARD.barrier, codes: [] }],
  });
  return { pseudonym: AWKWARD.pseudonym, phaseTwoEligible: false, consent: new Set(), journeys: [journey] };
}
