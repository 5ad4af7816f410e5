/**
 * Where the journey map looks. It opens on the first stages at a size a person can read (on a
 * tablet too), never on the whole map shrunk until no headline can be read; on a shared screen
 * the whole story, in rows, is fitted to the screen, again whenever the screen's size changes.
 */
import { useReactFlow, useStore, type ReactFlowState } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { CARD_GAP, type MapLayout } from './flow-elements.ts';

/**
 * Below this zoom the cards show only their number, headline and level: their smaller words
 * (0.85 of the headline's 20 px… about 14 px) would be under 11 px on screen.
 */
export const DETAIL_ZOOM = 0.75;

/** The least zoom the map opens at: a card's 20 px headline is then 18 px on screen. */
const READABLE_ZOOM = 0.9;

/** How many stages the map opens on where the screen is wide enough to show them readable. */
const OPENING_STAGES = 4;

/**
 * Where the map opens: room left of the first card for the feeling curve's "High" and "Low", and
 * above it. The picture the server draws (MapPicture) is moved there by editor.css, kept in step.
 */
const OPENING_VIEWPORT = { x: 56, y: 8 };

/**
 * Whether every card has been measured. (React Flow's own useNodesInitialized is worked out only
 * when the nodes given to it change, which for a map that has just opened may be never.)
 */
function allMeasured(state: ReactFlowState): boolean {
  if (state.nodeLookup.size === 0) return false;
  for (const node of state.nodeLookup.values()) if (!node.measured.width || !node.measured.height) return false;
  return true;
}

/** Opening on the first stages needs no card measured: only fitting the whole story does. */
const noNeedToMeasure = () => true;

export function MapView({ shared, layout }: { shared: boolean; layout: MapLayout }) {
  const initialised = useStore(shared ? allMeasured : noNeedToMeasure);
  const paneWidth = useStore((state) => state.width);
  const paneHeight = useStore((state) => state.height);
  const { setViewport, fitView } = useReactFlow();
  // Whether the map has been opened on its first stages since it was last on a shared screen.
  const opened = useRef(false);

  useEffect(() => {
    if (!initialised || paneWidth === 0 || paneHeight === 0) return;
    if (shared) {
      // Leaving the shared screen opens the map on its first stages again.
      opened.current = false;
      const fit = () => void fitView({ padding: 0.03, maxZoom: 1.5 });
      fit();
      // Again once the cards have been measured in their shared-screen size.
      let frame = requestAnimationFrame(() => (frame = requestAnimationFrame(fit)));
      return () => cancelAnimationFrame(frame);
    }
    if (opened.current) return;
    opened.current = true;
    const fitsFour = paneWidth / (OPENING_STAGES * (layout.cardWidth + CARD_GAP));
    const zoom = Math.min(1, Math.max(READABLE_ZOOM, fitsFour));
    void setViewport({ ...OPENING_VIEWPORT, zoom });
  }, [initialised, paneWidth, paneHeight, shared, layout, fitView, setViewport]);
  return null;
}
