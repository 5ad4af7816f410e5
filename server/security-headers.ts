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
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
}
