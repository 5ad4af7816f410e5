/**
 * The environment tests give the Node processes they start (the server, the CLI): Node's own
 * compile cache, so that each start reuses the type-stripped and compiled modules of the last one
 * instead of doing that work again. It changes how fast a process starts, not what it does.
 */
import { join } from 'node:path';

const root = new URL('../', import.meta.url).pathname;

export const COMPILE_CACHE_ENV = { NODE_COMPILE_CACHE: join(root, 'node_modules/.cache/node-compile') };
