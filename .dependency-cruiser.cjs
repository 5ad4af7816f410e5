/** Circular imports and layer direction (docs/architecture.md, "Layers"). */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Circular imports hide layering mistakes.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'src-is-framework-free',
      severity: 'error',
      comment: 'src/ imports neither server/ nor site/.',
      from: { path: '^src/' },
      to: { path: '^(server|site)/' },
    },
    {
      name: 'model-is-the-bottom-layer',
      severity: 'error',
      comment: 'model is the bottom layer: migrations, doc, costs and toc build on it.',
      from: { path: '^src/model/' },
      to: { path: '^src/(migrations|doc|costs|toc|protocol)/' },
    },
    {
      name: 'migrations-below-doc',
      severity: 'error',
      from: { path: '^src/migrations/' },
      to: { path: '^src/(doc|costs|toc)/' },
    },
    {
      name: 'doc-beside-costs-and-toc',
      severity: 'error',
      comment:
        'The document bridge and the pure engines (costs, theories of change) work on the model, not on each other.',
      from: { path: '^src/doc/' },
      to: { path: '^src/(costs|toc)/' },
    },
    {
      name: 'costs-and-toc-beside-doc',
      severity: 'error',
      comment: 'Costs and theories of change are computed from the model, never from a live document.',
      from: { path: '^src/(costs|toc)/' },
      to: { path: '^src/doc/' },
    },
    {
      name: 'csv-knows-no-domain',
      severity: 'error',
      comment: 'src/csv reads and writes any table; what the columns mean lives with the domain.',
      from: { path: '^src/csv/' },
      to: { path: '^src/(model|migrations|doc|costs|toc|protocol)/' },
    },
    { name: 'server-never-imports-site', severity: 'error', from: { path: '^server/' }, to: { path: '^site/' } },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, pathNot: '^(astro:|virtual:)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|data|\\.astro)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.d.ts'],
    },
  },
};
