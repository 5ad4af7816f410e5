/**
 * A small picture beside the words on a main action ("Add a stage", "Undo"…), for people who
 * read the picture before the words. Always beside words, never instead of them, and hidden
 * from screen readers, which read the words.
 */
const PATHS = {
  add: 'M12 5v14M5 12h14',
  undo: 'M9 14 4 9l5-5M4 9h10a6 6 0 0 1 0 12h-3',
  redo: 'M15 14l5-5-5-5M20 9H10a6 6 0 0 0 0 12h3',
  close: 'M6 6l12 12M18 6 6 18',
  // A screen on a stand: the map shown to the whole room.
  screen: 'M3 4h18v12H3zM8 20h8M12 16v4',
  // A small and a large letter T: bigger words.
  'large-type': 'M3 9h7M6.5 9v10M12 4h9M16.5 4v15',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name }: { name: IconName }) {
  return (
    <svg
      className="icon"
      aria-hidden="true"
      focusable="false"
      viewBox="0 0 24 24"
      width="1.2em"
      height="1.2em"
      fill="none"
      stroke="currentColor"
      strokeWidth={2.5}
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
