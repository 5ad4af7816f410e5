import js from '@eslint/js';
import astro from 'eslint-plugin-astro';
import jsxA11y from 'eslint-plugin-jsx-a11y-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Code the editors load may import zod/mini only: zod classic cannot be tree-shaken (about 15 KiB gzip more). */
const CLASSIC_ZOD = {
  name: 'zod',
  message: "import { z } from 'zod/mini': code the browser loads keeps to zod's tree-shakable API.",
};

/** Imports a layer may not make, so each builds only on the layers below it; the cycle check adds no-circular. */
const layer = (/** @type {string[]} */ forbidden, /** @type {string} */ why, browser = false) => ({
  'no-restricted-imports': [
    'error',
    { patterns: [{ group: forbidden, message: why }], ...(browser ? { paths: [CLASSIC_ZOD] } : {}) },
  ],
});

const NOT_IN_SRC = [
  '**/server/**',
  '**/site/**',
  'node:*',
  'react',
  'react-dom',
  'astro',
  'astro:*',
  '@xyflow/*',
  'y-websocket',
  'ws',
  'pino',
];

export default tseslint.config(
  { ignores: ['dist/', 'data/', '.astro/', 'node_modules/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  ...astro.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/ban-ts-comment': [
        'error',
        { 'ts-expect-error': 'allow-with-description', minimumDescriptionLength: 10 },
      ],
      'no-console': 'error',
      eqeqeq: 'error',
    },
  },
  {
    files: ['**/*.tsx'],
    plugins: { 'react-hooks': reactHooks, 'jsx-a11y-x': jsxA11y },
    rules: { ...reactHooks.configs.recommended.rules, ...jsxA11y.configs.strict.rules },
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Storage is asynchronous: a promise used as a boolean, or one nobody waits for, is a bug
    // that types alone do not catch (a Promise is always truthy).
    files: ['server/**/*.ts', 'site/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    // Tests index into arrays they have just checked; `!` there says "the test has failed already".
    files: ['test/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['src/**'],
    rules: layer(NOT_IN_SRC, 'src/ is the framework-free domain core: it runs in the browser and on the server.', true),
  },
  {
    files: ['src/model/**'],
    rules: layer(
      [...NOT_IN_SRC, 'yjs', '**/doc/**', '**/migrations/**'],
      'src/model is plain schemas: no Yjs, no layer above it.',
      true,
    ),
  },
  {
    files: ['src/migrations/**'],
    rules: layer(
      [...NOT_IN_SRC, 'yjs', '**/doc/**'],
      'migrations work on plain JSON; the doc layer builds on them, not the reverse.',
      true,
    ),
  },
  {
    files: ['src/protocol/**'],
    rules: layer(
      [...NOT_IN_SRC, '**/doc/**', '**/migrations/**', '**/model/**'],
      'the protocol is bytes on the wire: it knows no domain.',
      true,
    ),
  },
  {
    files: ['site/islands/**'],
    rules: layer(
      ['**/server/**'],
      'islands run in the browser and never import server code; what both sides need lives in src/.',
      true,
    ),
  },
  {
    files: ['server/**'],
    rules: layer(
      ['**/site/**', 'react', 'react-dom', '@xyflow/*'],
      'server/ serves the built site; it never imports site code.',
    ),
  },
  {
    files: ['test/unit/**', 'test/convergence/**'],
    rules: layer(['**/site/**'], 'tests of src/ must not import helpers from site/.'),
  },
);
