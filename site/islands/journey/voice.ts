/**
 * Whose words the stage panel speaks in. A family member opening their own journey from an
 * invite is spoken to ("Where were you…", "In your own words"); staff, who fill the map in with
 * or for a family, keep the neutral words ("In their own words").
 */
import { createContext, useContext } from 'react';

export type Voice = 'family' | 'staff';

const PANEL_WORDS = {
  staff: {
    ownWords: 'In their own words',
    level: 'Where were they, from stuck to independent?',
    helped: 'What helped',
    hindered: 'What got in the way',
  },
  family: {
    ownWords: 'In your own words',
    level: 'Where were you? From stuck to independent',
    helped: 'What helped you?',
    hindered: 'What got in your way?',
  },
} as const satisfies Record<Voice, Record<string, string>>;

export const VoiceContext = createContext<Voice>('staff');

/** The panel's labels in the voice of whoever has the editor open. */
export function usePanelWords() {
  return PANEL_WORDS[useContext(VoiceContext)];
}
