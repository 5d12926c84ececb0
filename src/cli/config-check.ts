import { loadAppConfig } from './app-config.js';

/** Validates a config file (plus the environment) and summarises what it resolved to. */
export function checkConfigFile(file: string): string {
  const config = loadAppConfig(file);
  const { database, redis, registry, sessions } = config.value;
  return [
    `database ${database.url}`,
    `redis ${redis.url ?? 'off'}`,
    `registry maxSize ${registry.maxSize}`,
    `session idle timeout ${sessions.idleTimeoutMinutes} min`,
  ].join(', ');
}
