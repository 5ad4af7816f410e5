/**
 * The last stop of an editor's toolbar: a link past the map to the side panel (the panel open,
 * or the list of stages or steps). Without it the keyboard goes through every card and link on
 * the map first, dozens of stops on a theory of change.
 */
import './skip-to-panel.css';

/** The side panel's id, which the link points at. */
export const SIDE_PANEL_ID = 'side-panel';

export function SkipToPanel() {
  return (
    <a
      className="skip-map"
      href={`#${SIDE_PANEL_ID}`}
      onClick={(event) => {
        // Focus moves as the link says, without a "#side-panel" step added to the history.
        event.preventDefault();
        document.getElementById(SIDE_PANEL_ID)?.focus();
      }}
    >
      Skip the map to the panel
    </a>
  );
}
