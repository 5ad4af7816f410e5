/** The forms of a journey's settings page (pages/journeys/[id]/settings.astro): their names, labels and what each says when done. */

const FORMS = [
  'title',
  'pseudonym',
  'archive',
  'unarchive',
  'show-costs',
  'hide-costs',
  'offer-take-home',
  'withdraw-take-home',
  'erase-stage',
] as const;
export type SettingsForm = (typeof FORMS)[number];

/** Which settings form was posted, or undefined when the form could not be read. */
export const settingsForm = (name: string): SettingsForm | undefined =>
  (FORMS as readonly string[]).includes(name) ? (name as SettingsForm) : undefined;

export const SETTINGS_LABELS = {
  title: 'Title',
  pseudonym: 'The family’s pseudonym',
  stage: 'The stage to delete for good',
  confirm: 'The family asked for it',
} as const;

/** What the page says after each form, from `?done=` (the redirect after a good POST). */
export const DONE_WORDS: Readonly<Record<string, string>> = {
  title: 'The journey has a new title.',
  pseudonym: 'The family has a new pseudonym.',
  archive: 'The journey is archived.',
  unarchive: 'The journey is back from the archive.',
  'show-costs': 'People invited to take part now see what the journey cost public services.',
  'hide-costs': 'People invited to take part no longer see what the journey cost public services.',
  'offer-take-home': 'The family can now download their “Safe to take home” print from the map.',
  'withdraw-take-home': 'The family can no longer download their “Safe to take home” print.',
  'erase-stage':
    'The stage is deleted for good: from the map, from its stored history and from every version. It cannot be restored.',
};
