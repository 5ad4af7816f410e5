/**
 * When the link this page was opened with stops working. A room token is
 * `base64url(claims).signature` with `exp` in seconds (server/SPEC.md AUTH5); the page reads
 * only the time, trusting nothing else in it (the server checks the signature).
 */
export function linkExpiresAt(token: string): number | undefined {
  const payload = token.split('.')[0] ?? '';
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
