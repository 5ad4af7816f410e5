// @ts-check
import node from '@astrojs/node';
import react from '@astrojs/react';
import { defineConfig } from 'astro/config';
import { fileURLToPath } from 'node:url';
import { precompressFolder } from './server/precompressed.ts';

// Pages and endpoints render on demand inside our own Node server (server/main.ts), which
// also serves dist/client and the live rooms; Astro runs as middleware, not standalone.
export default defineConfig({
  srcDir: './site',
  // Files served as they are (the tab's icon), beside the rest of the site.
  publicDir: './site/public',
  output: 'server',
  // Request bodies are small JSON documents; refuse anything larger before it is read.
  adapter: node({ mode: 'middleware', bodySizeLimit: 1024 * 1024 }),
  vite: {
    build: {
      rolldownOptions: {
        output: {
          advancedChunks: {
            groups: [
              {
                name: 'vendor',
                test: /[\\/]node_modules[\\/](yjs|lib0|y-protocols|y-websocket|y-indexeddb|react|react-dom|scheduler|zod|@xyflow|d3-|classcat|zustand|use-sync-external-store)/,
              },
            ],
          },
        },
      },
    },
  },
  integrations: [
    react(),
    {
      // The client files are compressed once here, and server/static-files.ts sends the copies.
      name: 'precompress-client-files',
      hooks: {
        'astro:build:done': ({ dir, logger }) => {
          const client = fileURLToPath(dir);
          const { files, bytes, brotliBytes } = precompressFolder(client);
          logger.info(
            `${files} client files compressed: ${(bytes / 1024).toFixed(0)} KiB to ${(brotliBytes / 1024).toFixed(0)} KiB (brotli)`,
          );
        },
      },
    },
  ],
  security: {
    // Off only because site/middleware.ts does the same check and answers with a page a person
    // can act on (Astro's answer is a bare 403 text); the check itself is kept.
    checkOrigin: false,
    // Astro sends pages a Content-Security-Policy header with hashes of the scripts and styles it
    // emits (the island loader is inline), replacing the default of server/security-headers.ts.
    // React Flow positions nodes with style attributes, hence 'unsafe-inline' for attributes only.
    csp: {
      directives: [
        "default-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ],
      scriptDirective: { resources: ["'self'"] },
      styleDirective: { resources: ["'self'", { resource: "'unsafe-inline'", kind: 'attribute' }] },
    },
  },
});
