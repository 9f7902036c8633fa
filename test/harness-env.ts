/**
 * Access to the URLs of the local backing services started by
 * `scripts/services up` (which `npm test` runs for you).
 *
 * Integration tests must call this instead of reading `process.env` directly:
 * a missing service is a hard failure with an actionable message, never a
 * silently skipped test.
 */
export type ServiceUrlName = 'DATABASE_URL' | 'REDIS_URL' | 'REDIS_CLUSTER_URL' | 'AMQP_URL' | 'MONGODB_URL';

export function requireServiceUrl(name: ServiceUrlName): string {
  const value = process.env[name];
  if (value !== undefined && value.trim() !== '') {
    return value;
  }
  const where = process.env.CI === 'true' ? ' (CI=true: the CI script must start the services)' : '';
  throw new Error(
    `${name} is not set${where}. Integration tests need the local services: ` +
      'run them through `npm test` (it starts and stops PostgreSQL, Redis, RabbitMQ and FerretDB), ' +
      'or start them yourself with `npm run services up` and then ' +
      '`eval "$(bash scripts/services env)"` before running vitest directly.',
  );
}
