// ESLint flat config: typescript-eslint's strict rules for all TypeScript and JavaScript, plus the house's layers
// (eslint.layers.js). Formatting is Prettier's job (.prettierrc.json), so there are no stylistic rules here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import layers from './eslint.layers.js';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'test/cases/',
      'test/vendor/',
      'test/projects/',
      // AssemblyScript, compiled to WebAssembly by scripts/build-wasm.mjs: not TypeScript
      'src/evidence/wasm/classify.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        performance: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
    rules: {
      // Prettier wraps code at 120 columns; comments are wrapped by hand to the same width. Strings, templates and
      // regular expressions may run longer: a message or a pattern split across lines is harder to read and to grep.
      'max-len': [
        'error',
        { code: 120, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true },
      ],
      // a leading underscore marks a parameter kept for its position in a signature
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // these modules exist to find and remove control characters in untrusted text (terminal escapes in logs,
    // Markdown and names), so their patterns name those characters on purpose
    files: ['src/report/redact.ts', 'src/report/escape.ts', 'src/ui/**', 'src/evidence/**', 'src/errors.ts', 'test/**'],
    rules: { 'no-control-regex': 'off' },
  },
  {
    // a test that dereferences what it just asserted fails loudly if the assertion was wrong
    files: ['test/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  ...layers,
);
