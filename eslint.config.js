// ESLint for the whole workspace, configured once: TypeScript (typescript-eslint's recommended rules,
// without type information so `pnpm lint` stays fast on a small machine) and Svelte components
// (eslint-plugin-svelte, TypeScript inside <script lang="ts">). Formatting is Prettier's job
// (.prettierrc.json), so eslint-config-prettier turns off every rule that would fight it.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.data/**',
      'tests/artifacts/**',
      'bench/results/**',
      // generated: the db types and the web's GraphQL types (drift-tested instead)
      'db/src/types.ts',
      'web/src/lib/graphql-env.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  prettier,
  ...svelte.configs['flat/prettier'],
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      // `_name` marks a parameter an interface requires but this implementation does not use.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // Pothos plugins register themselves by augmenting its global namespace (`declare global`).
      '@typescript-eslint/no-namespace': ['error', { allowDeclarations: true }],
    },
  },
  {
    // Migrations take Kysely<any> on purpose: they are frozen and must not depend on today's types.
    files: ['db/migrations/**', 'db/src/migrate.ts', 'db/src/gen-types.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The browser and process tests still read a few untyped GraphQL answers over fetch: shown, not
    // yet enforced there. Everywhere else (API, db and unit tests, helpers, benchmarks) it is an error.
    files: ['tests/e2e/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'warn' },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
    rules: {
      // It flags every `new Date()`, `new Set()` or `new URLSearchParams()`, also a local temporary
      // that is never state; page state is $state in *.svelte.ts classes.
      'svelte/prefer-svelte-reactivity': 'off',
      // It reads the reason after the code (`<!-- svelte-ignore a11y_autofocus: why -->`) as more
      // codes; svelte-check --fail-on-warnings already fails when an ignore does not hold.
      'svelte/no-unused-svelte-ignore': 'off',
    },
  },
);
