import { z } from 'zod';
import { loadConfig, type FrozenConfig } from '../config/index.js';

/**
 * tenure's own settings. Every section has defaults, so an empty file (or none) is a valid
 * configuration: the embedded defaults are SQLite and no Redis. Sections are strict, so a
 * misspelt key is an error naming it rather than a setting silently ignored.
 */
export const appConfigSchema = z.strictObject({
  database: z.strictObject({
    /** A SQLite file path, or a postgres:// URL. */
    url: z.string().min(1).default('.tenure/results.db'),
  }).prefault({}),
  redis: z.strictObject({
    /** The shared tier; without it everything works from the in-process cache. */
    url: z.url().optional(),
  }).prefault({}),
  registry: z.strictObject({
    /** Most instances a lazy registry holds at once. */
    maxSize: z.number().int().positive().default(100),
    /** Instance time to live in ms; 0 keeps instances until evicted or cleared. */
    ttlMs: z.number().int().nonnegative().default(0),
    weakValues: z.boolean().default(false),
  }).prefault({}),
  sessions: z.strictObject({
    idleTimeoutMinutes: z.number().positive().default(30),
    maxSessions: z.number().int().positive().default(100),
  }).prefault({}),
});

export type AppConfig = z.output<typeof appConfigSchema>;

/** Environment variables that override the file, as the twelve-factor convention expects. */
export const appEnvMap = {
  DATABASE_URL: 'database.url',
  REDIS_URL: 'redis.url',
} as const;

/** Loads and freezes the application config from an optional file plus the environment. */
export function loadAppConfig(file?: string, env: NodeJS.ProcessEnv = process.env): FrozenConfig<AppConfig> {
  return loadConfig({ schema: appConfigSchema, ...(file === undefined ? {} : { file }), env, envMap: appEnvMap });
}
