import type { ChannelAdapter } from './adapter.js';
import { telegram } from './telegram/index.js';

/** Every channel adapter; a kind without one here cannot be configured. */
export const adapters: ChannelAdapter[] = [telegram];
