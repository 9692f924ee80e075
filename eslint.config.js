import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'public/', 'data/', 'coverage/', '.test-tmp/', 'bench/output/', '**/.*'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      '@typescript-eslint/no-extraneous-class': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
      // Transactions only through inTransaction(): inside one, only the trx handle may be used.
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='transaction'][arguments.length=0]",
          message: 'Open transactions with inTransaction() from src/db/database.ts, and use only its trx handle inside.',
        },
      ],
    },
  },
  {
    // Architecture: SQL lives only in repositories (and the database plumbing in src/db/, and the
    // one optimistic-locking update in src/platform/versioned-update.ts):
    // query builder calls and sql`` anywhere else in src/ are errors.
    files: ['src/**/*.ts'],
    ignores: ['src/**/*-repository.ts', 'src/db/**', 'src/platform/versioned-update.ts', 'src/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='transaction'][arguments.length=0]",
          message: 'Open transactions with inTransaction() from src/db/database.ts, and use only its trx handle inside.',
        },
        {
          selector: "CallExpression[callee.property.name=/^(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto|selectNoFrom)$/]",
          message: 'SQL lives in a *-repository.ts file: call the repository (or the owning module’s read model) instead.',
        },
        { selector: "TaggedTemplateExpression[tag.name='sql']", message: 'SQL lives in a *-repository.ts file.' },
      ],
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'kysely', message: 'Query the database in a *-repository.ts file.', allowTypeImports: true }] },
      ],
    },
  },
  {
    files: ['src/assets/**/*.{js,mjs}'],
    languageOptions: { globals: { document: 'readonly', window: 'readonly', fetch: 'readonly', EventSource: 'readonly', DOMParser: 'readonly', HTMLScriptElement: 'readonly' } },
  },
  {
    files: ['scripts/**/*.mjs', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', fetch: 'readonly', setTimeout: 'readonly', URL: 'readonly', Buffer: 'readonly' } },
  },
);
