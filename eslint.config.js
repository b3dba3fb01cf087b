import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Besides the usual rules, this file enforces the dependency direction of ARCHITECTURE.md:
// web never imports server; contracts import neither; a domain reaches another domain only through its service.ts;
// connectors import only lib/ and contracts/.
export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.tools/**', '.parley/**', '.test-data/**', 'bench/.data/**', 'server/src/db/migrations/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', fetch: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['contracts/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/server/**', '**/web/**', '@parley/server*', '@parley/web*'], message: 'contracts import nothing of server or web' }] }] },
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/server/**', '@parley/server*'], message: 'web never imports server; share through contracts/' }] }] },
  },
  {
    files: ['server/src/domains/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{
          regex: '^\\.\\./(?!\\.\\.)[^/]+/(?!service\\.ts$|[a-z-]+-service\\.ts$)',
          message: 'A domain imports another domain only through its service.ts',
        }],
      }],
    },
  },
  {
    files: ['server/src/connectors/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^\\.\\./\\.\\./(?!lib/)', message: 'connectors import only lib/ and contracts/' }] }] },
  },
);
