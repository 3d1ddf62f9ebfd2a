#!/usr/bin/env node
// The `tawasul` command: runs the TypeScript entry point through tsx (no separate build step).
import { register } from 'tsx/esm/api';

register();
await import('../server/main.ts');
