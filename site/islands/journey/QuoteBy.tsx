/** Whose words a stage's are, as said under them: "Kerry, mother", or "the family". */
import { ROLE_WORDS, type quoteAttribution } from '../../lib/member-words.ts';

export function QuoteBy({ by }: { by: ReturnType<typeof quoteAttribution> }) {
  return by.member ? (
    <>
      <span dir="auto">{by.member.pseudonym}</span>, {ROLE_WORDS[by.member.role]}
    </>
  ) : (
    <>{by.words}</>
  );
}
