/** The scripts a page's islands load, named in its head (server/module-preload.ts). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readModuleGraph, withModulePreloads } from '../../../server/module-preload.ts';

const client = mkdtempSync(join(tmpdir(), 'tp-preload-'));
afterAll(() => rmSync(client, { recursive: true, force: true }));

// A build as the bundler writes it: an island imports a shared chunk, which imports another;
// the renderer imports the framework; a chunk no island reaches; a cycle between two chunks.
mkdirSync(join(client, '_astro'));
const scripts: Record<string, string> = {
  'Editor.a1.js': 'import{a as b}from"./shared.b2.js";import"./side.c3.js";export default 1',
  'shared.b2.js': 'import{x}from"./deep.d4.js";export const a=x',
  'deep.d4.js': 'import{y}from"./shared.b2.js";export const x=1',
  'side.c3.js': 'console.log(1)',
  'client.e5.js': 'import{r}from "./react.f6.js";export default r',
  'react.f6.js': 'export const r=1',
  'unused.g7.js': 'export const u=1',
};
for (const [name, text] of Object.entries(scripts)) writeFileSync(join(client, '_astro', name), text);
writeFileSync(join(client, '_astro', 'Editor.a1.css'), 'a{}');

const graph = readModuleGraph(client);

describe('the module graph of a build', () => {
  it('gives each script every script it loads, itself first, following imports through a cycle', () => {
    expect(graph.get('/_astro/Editor.a1.js')).toEqual([
      '/_astro/Editor.a1.js',
      '/_astro/shared.b2.js',
      '/_astro/deep.d4.js',
      '/_astro/side.c3.js',
    ]);
    expect(graph.get('/_astro/client.e5.js')).toEqual(['/_astro/client.e5.js', '/_astro/react.f6.js']);
    expect(graph.has('/_astro/Editor.a1.css')).toBe(false);
  });

  it('is empty when there is no build', () => {
    expect(readModuleGraph(join(client, 'nowhere')).size).toBe(0);
  });
});

describe('a page with islands', () => {
  const page =
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Map</title><link rel="stylesheet" href="/_astro/Editor.a1.css"></head>' +
    '<body><astro-island uid="x" component-url="/_astro/Editor.a1.js" renderer-url="/_astro/client.e5.js" props="{}"></astro-island></body></html>';

  it('names every script its islands load, once each, before its styles', () => {
    const preloaded = withModulePreloads(page, graph);
    const links = [...preloaded.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((m) => m[1]);
    expect(links).toEqual([
      '/_astro/Editor.a1.js',
      '/_astro/shared.b2.js',
      '/_astro/deep.d4.js',
      '/_astro/side.c3.js',
      '/_astro/client.e5.js',
      '/_astro/react.f6.js',
    ]);
    expect(preloaded.indexOf('modulepreload')).toBeGreaterThan(preloaded.indexOf('<title>'));
    expect(preloaded.indexOf('modulepreload')).toBeLessThan(preloaded.indexOf('rel="stylesheet"'));
    expect(preloaded.replace(/<link rel="modulepreload" href="[^"]+">/g, '')).toBe(page);
  });

  it('leaves a page without islands, or naming a script the build does not have, as it was', () => {
    const plain =
      '<html><head><title>Home</title></head><body><p>component-url="/_astro/Editor.a1.js"</p></body></html>';
    expect(withModulePreloads(plain, graph)).toBe(plain);
    const unknown = page
      .replace('/_astro/Editor.a1.js', '/_astro/Gone.z9.js')
      .replace(' renderer-url="/_astro/client.e5.js"', '');
    expect(withModulePreloads(unknown, graph)).toBe(unknown);
  });
});
