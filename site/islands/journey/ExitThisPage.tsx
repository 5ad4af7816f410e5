/**
 * "Exit this page" for a family member (the GOV.UK pattern): one tap, or Shift pressed three
 * times, and the map is gone. The page empties at once, then replaces itself
 * (`location.replace`, so Back never shows it) with the exit address, which ends this device's
 * access to the map and wipes what the site kept here before leading to a neutral page
 * (site/pages/journeys/[id]/exit.ts).
 */
import { useEffect } from 'react';

/** Three presses of Shift within this long of the first. */
const SHIFT_WINDOW_MS = 5000;

function exitNow(docId: string): void {
  document.body.replaceChildren();
  document.title = '';
  location.replace(`/journeys/${encodeURIComponent(docId)}/exit`);
}

export function ExitThisPage({ docId }: { docId: string }) {
  useEffect(() => {
    let presses: number[] = [];
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Shift') return void (presses = []);
      if (event.repeat) return;
      presses = [...presses.filter((at) => event.timeStamp - at < SHIFT_WINDOW_MS), event.timeStamp];
      if (presses.length >= 3) exitNow(docId);
    };
    addEventListener('keydown', onKey, { capture: true });
    return () => removeEventListener('keydown', onKey, { capture: true });
  }, [docId]);
  return (
    <button type="button" className="exit-this-page" onClick={() => exitNow(docId)}>
      Exit this page
    </button>
  );
}
