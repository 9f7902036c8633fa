import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Dependencies point inward: the domain and the use cases describe the product and must not know
// which database, SDK or environment they run on. Everything technology-specific is an adapter.
const inwardOnly = {
  patterns: [
    { group: ['**/adapters/**', '**/composition*', '**/runtime/**', '**/config/**'], message: 'domain/ and use-cases/ may import only domain/ and ports/.' },
    {
      group: [
        'pg',
        '@electric-sql/*',
        'ioredis',
        'amqplib',
        'mongodb',
        'jose',
        'pino',
        'ws',
        'firebase-admin',
        'nodemailer',
        'ali-oss',
        '@alicloud/*',
        '@stream-io/*',
        'node:*',
      ],
      message: 'domain/ and use-cases/ must not import SDKs or Node APIs; add a port.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'dist/**', '.data/**', '.services/**', 'coverage/**', 'scripts/ferretdb/**', 'cdk.out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['layers/core/src/domain/**/*.ts', 'layers/core/src/use-cases/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', inwardOnly],
      'no-restricted-globals': ['error', { name: 'process', message: 'Read configuration in config/ and pass it in.' }],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration in config/ and pass it in.' }],
    },
  },
);
