/**
 * Where a request arrived, as the person's browser sees it. Behind a proxy that terminates TLS
 * (TRUST_PROXY), the proxy says so with X-Forwarded-Proto and X-Forwarded-Host; otherwise those
 * headers are anyone's to send, and are ignored.
 */

export interface ReachedAt {
  /** `https://host[:port]`: what a browser sends as `Origin` with our own forms. */
  origin: string;
  secure: boolean;
}

/** The first value of a header a chain of proxies may have appended to, trimmed. */
function firstValue(headers: Headers, name: string): string | undefined {
  return headers.get(name)?.split(',')[0]?.trim() || undefined;
}

function forwardedOrigin(headers: Headers): string | undefined {
  const proto = firstValue(headers, 'x-forwarded-proto')?.toLowerCase();
  const host = firstValue(headers, 'x-forwarded-host');
  if ((proto !== 'http' && proto !== 'https') || !host) return undefined;
  // A host, perhaps with a port, and nothing else: a path or credentials mean it is not a host.
  if (/[/\\@?#\s]/.test(host) || !URL.canParse(`${proto}://${host}`)) return undefined;
  return new URL(`${proto}://${host}`).origin;
}

export function reachedAt(headers: Headers, url: URL, trustProxy: boolean): ReachedAt {
  const origin = (trustProxy && forwardedOrigin(headers)) || url.origin;
  return { origin, secure: origin.startsWith('https:') };
}

/**
 * Who is asking, for per-address limits: the socket's address, or behind a trusted proxy the
 * address the proxy saw (the last X-Forwarded-For entry, the one it appended; those before it are
 * the client's to write). Without this, everyone behind the proxy would share one address.
 */
export function clientAddress(headers: Headers, socketAddress: () => string, trustProxy: boolean): string {
  const forwarded = trustProxy ? headers.get('x-forwarded-for')?.split(',').at(-1)?.trim() : undefined;
  if (forwarded) return forwarded;
  try {
    return socketAddress();
  } catch {
    // No socket address (astro dev): every try counts against "unknown", the account's limit still holds.
    return 'unknown';
  }
}
