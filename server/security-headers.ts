/**
 * Headers on every response. Astro replaces the Content-Security-Policy on pages with its own
 * (astro.config.mjs: the same rules plus hashes of the scripts it emits); this default covers
 * every other response: nothing runs, nothing frames it.
 */
import type { ServerResponse } from 'node:http';

const CONTENT_SECURITY_POLICY = ["default-src 'none'", "frame-ancestors 'none'", "base-uri 'none'"].join('; ');

export function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // Not `no-referrer`: under it Chromium sends `Origin: null` on a form post, which the origin
  // check (CSRF protection) must refuse. `same-origin` sends our own origin to ourselves and
  // nothing (no invite token in an address) to any other site.
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
}

/**
 * Everything but the site's static files: pages and API answers carry family data, invite
 * tokens or a session, none of which any cache (a browser's, a proxy's) may keep. A route
 * with nothing private (the published JSON Schema) sets its own caching over this.
 */
export function forbidStoring(res: ServerResponse): void {
  res.setHeader('Cache-Control', 'no-store');
}
