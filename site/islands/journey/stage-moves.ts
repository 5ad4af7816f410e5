/**
 * What a change of the stages' order was, in words for the screen and a screen reader:
 * "Moved “Back to school” after “Dee started visiting”". Pure: two orders in, a sentence out.
 */

interface Titled {
  id: string;
  title: string;
}

/**
 * The sentence for one stage moved between `before` and `after`, or undefined when the order
 * is the same, stages came or went, or more than one stage changed place. Two neighbours that
 * swapped could be either one moved: `chosen` (the stage this person has open) is named then.
 */
export function stageMoveWords(
  before: readonly Titled[],
  after: readonly Titled[],
  chosen?: string,
): string | undefined {
  if (before.length !== after.length || before.length < 2) return undefined;
  if (before.every((stage, i) => stage.id === after[i]?.id)) return undefined;
  const ids = new Set(before.map((s) => s.id));
  if (!after.every((s) => ids.has(s.id))) return undefined;
  // The one stage whose removal leaves the rest in the same order in both.
  const without = (list: readonly Titled[], id: string) => list.filter((s) => s.id !== id).map((s) => s.id);
  const candidates = after.filter((stage) => {
    const rest = without(before, stage.id);
    return without(after, stage.id).every((id, i) => id === rest[i]);
  });
  const moved = candidates.find((s) => s.id === chosen) ?? candidates[0];
  if (!moved) return undefined;
  const index = after.indexOf(moved);
  const previous = after[index - 1];
  return previous ? `Moved “${moved.title}” after “${previous.title}”` : `Moved “${moved.title}” to the start`;
}
