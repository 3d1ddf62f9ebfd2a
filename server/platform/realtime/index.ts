export { createPgBus, type EventBus, type NewEvent, type RealtimeEvent } from './bus.js';
export { RealtimeHub, type TopicRule } from './hub.js';
export { realtimeRoutes } from './routes.js';
