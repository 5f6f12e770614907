// ESLint flat config: typescript-eslint's strict rules for all TypeScript, plus the house rules (layers, purity).
// Formatting is Prettier's job (.prettierrc.json), so no stylistic rules here.
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
      'src/evidence/wasm/classify.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
  },
  ...layers,
);
