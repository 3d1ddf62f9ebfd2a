// The whole database schema, for drizzle-kit and typed queries. Each module owns its tables.
export * from '../../modules/identity/schema.js';
export * from '../../modules/departments/schema.js';
export * from '../../modules/queues/schema.js';
export * from '../../modules/customers/schema.js';
export * from '../../modules/cases/schema.js';
export * from '../../modules/interactions/schema.js';
export * from '../../modules/routing/schema.js';
export * from '../realtime/schema.js';
export * from '../secrets/schema.js';
export * from '../../modules/channels/schema.js';
export * from '../../modules/metrics/schema.js';
export * from '../../modules/surveys/schema.js';
export * from '../../modules/knowledge/schema.js';
export * from '../../modules/dispositions/schema.js';
export * from '../../modules/escalations/schema.js';
export * from '../../modules/channels/walk-in/schema.js';
