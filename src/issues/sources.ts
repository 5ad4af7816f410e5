/**
 * The published documents the built-in issue set quotes, by the key its citations use, so a
 * citation can be read in the repository without the documents themselves. Titles are each
 * document's own words (headings set in capitals lowered); a date the document does not give is
 * said to be missing, with what hints it gives.
 */
export interface SourceDocument {
  title: string;
  publisher: string;
  /** As the document dates itself, in words; "undated" with what hints it gives otherwise. */
  date: string;
}

export const SEED_DOCUMENTS = {
  'dfe-life-case-study': {
    title: 'Case Study #6: The Life Programme - Building New Lives for Individuals and Families to Enjoy',
    publisher: 'Department for Education',
    date: 'undated (reports savings to the beginning of 2013)',
  },
  'ofsted-life-swindon': {
    title: 'Working with families through the ‘LIFE’ programme: Swindon Borough Council',
    publisher: 'Ofsted (good practice example)',
    date: 'undated',
  },
  'lscsb-slf-update-2016': {
    title: 'LSCSB Update: Supporting Leicestershire Families',
    publisher: 'Leicestershire Safer Communities Strategy Board (Service Manager, Supporting Leicestershire Families)',
    date: '8 December 2016',
  },
  'slf-research': {
    title: 'Supporting Leicestershire Families',
    publisher: 'not stated (a case study of the Supporting Leicestershire Families Programme’s own research)',
    date: 'undated',
  },
  'family-action-ifs': {
    title: 'Children and Families: Intensive Family Support',
    publisher: 'Family Action',
    date: 'undated (its latest figures are as at 12 August 2015)',
  },
} as const satisfies Record<string, SourceDocument>;

export type SeedDocumentKey = keyof typeof SEED_DOCUMENTS;

/** "Family Action, Children and Families: Intensive Family Support (undated…)", or the key itself when unknown. */
export function citeDocument(key: string): string {
  const doc = (SEED_DOCUMENTS as Record<string, SourceDocument>)[key];
  return doc ? `${doc.publisher}, ${doc.title} (${doc.date})` : key;
}
