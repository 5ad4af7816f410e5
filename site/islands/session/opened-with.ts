/**
 * How this page was opened: with an invite link, or by a signed-in member of staff. The page
 * says so on the element holding the editor (`data-opened-with`), since an opened invite leaves
 * nothing in the address to tell by (server/SPEC.md AUTH9).
 */
export type OpenedWith = 'invite' | 'sign-in';

export const OPENED_WITH_ATTRIBUTE = 'data-opened-with';

export function openedWith(): OpenedWith {
  const said = document.querySelector(`[${OPENED_WITH_ATTRIBUTE}]`)?.getAttribute(OPENED_WITH_ATTRIBUTE);
  return said === 'invite' ? 'invite' : 'sign-in';
}
