/** How research records read on staff pages: review points and answers in words. */
import type { HeadlineStatus } from '../../src/issues/index.ts';
import type { Answer, ProfilePoint } from '../../src/model/index.ts';

export const POINT_WORDS: Record<ProfilePoint, string> = {
  referral: 'At referral',
  review: 'At review',
  closure: 'At closure',
};

/** A tick and a word, so an answer is never told by colour or a symbol alone. */
export const ANSWER_WORDS: Record<Answer, string> = {
  yes: '✓ Present',
  no: 'Not present',
  unknown: 'Not known',
};

/** A headline problem on a profile: met (ticked, or an issue under it), not met, or not known. */
export const HEADLINE_WORDS: Record<HeadlineStatus, string> = {
  met: '✓ Met',
  'not-met': 'Not met',
  unknown: 'Not known',
};
