// ESLint flat config: the recommended JavaScript and typescript-eslint rules over the sources,
// tests, bench and build script. A rule turned off below says why.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', '.tap/', 'node_modules/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Node everywhere but in the dashboard's browser code (below).
    ignores: ['src/ui/**', 'src/services/ui.ts', 'src/services/*/ui.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    rules: {
      // `_name` marks a binding kept on purpose (destructuring that drops keys, unused callback parameters).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
    },
  },
  {
    // The dashboard runs in the browser (tsconfig.ui.json), not in Node.
    files: ['src/ui/**/*.ts', 'src/services/ui.ts', 'src/services/*/ui.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Tests reach into objects whose shape they assert right after (`res.json()` bodies).
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['bench/**/*.js', 'build.mjs'],
    rules: {
      // The bench and the build script report to the terminal.
      'no-console': 'off',
    },
  },
);
