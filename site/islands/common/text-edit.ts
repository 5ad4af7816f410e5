/**
 * Keeping a text box and shared text in step while others type in it too. Pure string functions:
 * what one keystroke changed, where a caret goes when someone else's change arrives, and one
 * keystroke replayed on text that has changed since the box last showed it.
 */

export interface Edit {
  /** Where the change starts. */
  start: number;
  /** How many characters it removed there. */
  removed: number;
  inserted: string;
}

/** The one contiguous change that turns `before` into `after` (common start and end kept). */
export function editBetween(before: string, after: string): Edit {
  let start = 0;
  const shortest = Math.min(before.length, after.length);
  while (start < shortest && before[start] === after[start]) start++;
  let end = 0;
  while (end < shortest - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return { start, removed: before.length - start - end, inserted: after.slice(start, after.length - end) };
}

/** Where position `index` in `before` is in `after`: before the change it stays, after it shifts. */
export function mapIndex(before: string, after: string, index: number): number {
  const edit = editBetween(before, after);
  if (index <= edit.start) return index;
  if (index >= edit.start + edit.removed) return index + edit.inserted.length - edit.removed;
  return edit.start + edit.inserted.length;
}

/**
 * The keystroke that turned `before` into `typed`, replayed on `latest` (the shared text, which
 * others changed since the box showed `before`), and where the caret goes.
 */
export function rebase(before: string, typed: string, latest: string): { text: string; caret: number } {
  const edit = editBetween(before, typed);
  const start = mapIndex(before, latest, edit.start);
  const end = Math.max(start, mapIndex(before, latest, edit.start + edit.removed));
  return { text: latest.slice(0, start) + edit.inserted + latest.slice(end), caret: start + edit.inserted.length };
}
