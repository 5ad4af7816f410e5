// @ts-check
import node from '@astrojs/node';
import react from '@astrojs/react';
import { defineConfig } from 'astro/config';

// Pages and endpoints render on demand inside our own Node server (server/main.ts), which
// also serves dist/client and the live rooms; Astro runs as middleware, not standalone.
export default defineConfig({
  srcDir: './site',
  output: 'server',
  // Request bodies are small JSON documents; refuse anything larger before it is read.
  adapter: node({ mode: 'middleware', bodySizeLimit: 1024 * 1024 }),
  integrations: [react()],
  security: { checkOrigin: true },
});
