/**
 * Marking something sensitive, or taking the mark off, from the screen: a request to the
 * journey's page for it (server/SPEC.md SEAL1), which checks the person is a facilitator. The
 * marks then come back to every screen in the room's control state. Loaded only by the parts
 * facilitators use (the workshop panel, the costs panel).
 */

export interface Mark {
  item: string;
  kind: 'stage' | 'words' | 'cost-event';
  on: boolean;
}

/** Send the mark; what went wrong, in words for the panel, or undefined when it was done. */
export async function postMark(docId: string, mark: Mark): Promise<string | undefined> {
  const body = new URLSearchParams({ item: mark.item, kind: mark.kind, on: mark.on ? '1' : '0' });
  try {
    const response = await fetch(`/journeys/${docId}/sensitive`, {
      method: 'POST',
      body,
      headers: { accept: 'application/json' },
    });
    if (response.ok) return undefined;
    const said = (await response.json().catch(() => undefined)) as { message?: string } | undefined;
    return said?.message ?? 'That was not done: try again.';
  } catch {
    return 'Not connected: that was not done. Try again when the map says it is saved.';
  }
}
