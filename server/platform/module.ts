import type { Config } from './config/index.js';
import type { Clock } from './clock.js';
import type { Db } from './db/index.js';
import type { ZodApp } from './http/index.js';
import type { Jobs } from './jobs/index.js';
import type { Logger } from './logger.js';
import type { EventBus, RealtimeHub } from './realtime/index.js';
import type { Secrets } from './secrets/index.js';

/** An audit recorder for admin changes; the identity module provides it. */
export type Audit = (e: {
  workspaceId: string; actorId?: string; actorEmail?: string; action: string; targetType?: string; targetId?: string; ip?: string; details?: Record<string, unknown>;
}) => Promise<unknown>;

/** What a module gets at start: the platform, passed in (never read from globals). */
export interface ModuleContext {
  app: ZodApp;
  db: Db;
  bus: EventBus;
  hub: RealtimeHub;
  config: Config;
  log: Logger;
  clock: Clock;
  audit: Audit;
  /** Durable background jobs (pg-boss): declare kinds and workers at registration. */
  jobs: Jobs;
  /** Signed tokens and encryption at rest. */
  secrets: Secrets;
  /** Connection URL of the database, for modules that need a dedicated connection (locks, LISTEN). */
  databaseUrl: string;
}
