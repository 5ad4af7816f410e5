/** How this page was opened: with an invite link, or by a signed-in member of staff. */
export type OpenedWith = 'invite' | 'sign-in';

export function openedWith(): OpenedWith {
  return new URLSearchParams(location.search).has('invite') ? 'invite' : 'sign-in';
}
