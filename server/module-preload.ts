/**
 * Every script an island needs, named at the top of its page, so the browser fetches them all at
 * once instead of one import level per round trip. On a family's tablet on a slow connection
 * (400 ms a round trip) the editor's four levels of imports cost over a second of waiting.
 *
 * The build's scripts are read once when the server starts; an island's page names its script
 * and its renderer (`component-url`, `renderer-url`), and each script names the ones it imports.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where Astro puts the built scripts, as the browser asks for them. */
const ASSETS = '/_astro/';

/** A script's static imports as the bundler writes them: `from"./x.js"` or `import"./x.js"`. */
const IMPORTS = /(?:from|import)\s*"\.\/([\w.-]+\.js)"/g;

/** The scripts a page's islands load: the islands themselves and the framework that renders them. */
const ISLAND_SCRIPTS = /\s(?:component-url|renderer-url)="(\/_astro\/[\w.-]+\.js)"/g;

/** For each built script, every script it loads before it runs (itself included). */
export type ModuleGraph = ReadonlyMap<string, readonly string[]>;

export function readModuleGraph(clientDir: string): ModuleGraph {
  const folder = join(clientDir, ASSETS);
  let names: string[];
  try {
    names = readdirSync(folder).filter((name) => name.endsWith('.js'));
  } catch {
    return new Map();
  }
  const direct = new Map(
    names.map((name) => [name, [...readFileSync(join(folder, name), 'utf8').matchAll(IMPORTS)].map((m) => m[1] ?? '')]),
  );
  const graph = new Map<string, string[]>();
  for (const name of names) {
    const seen = new Set<string>();
    const visit = (script: string) => {
      if (seen.has(script) || !direct.has(script)) return;
      seen.add(script);
      for (const imported of direct.get(script) ?? []) visit(imported);
    };
    visit(name);
    graph.set(
      ASSETS + name,
      [...seen].map((script) => ASSETS + script),
    );
  }
  return graph;
}

/** The page with a `<link rel="modulepreload">` in its head for every script its islands load. */
export function withModulePreloads(html: string, graph: ModuleGraph): string {
  const scripts = new Set<string>();
  for (const [, island] of html.matchAll(ISLAND_SCRIPTS))
    for (const script of graph.get(island ?? '') ?? []) scripts.add(script);
  // Before the page's styles (the scripts wait for nothing else), after its charset and title.
  const styles = html.indexOf('<link rel="stylesheet"');
  const at = styles >= 0 ? styles : html.indexOf('</head>');
  if (scripts.size === 0 || at < 0) return html;
  const links = [...scripts].map((script) => `<link rel="modulepreload" href="${script}">`).join('');
  return html.slice(0, at) + links + html.slice(at);
}
