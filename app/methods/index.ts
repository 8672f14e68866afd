import type { AnyMethod } from './define.js';
import { MethodRegistry } from './registry.js';
import ping from './system/ping.js';

// Every method of the application. A method is reachable on a transport only once a
// controller maps it, but it is declared and checked here, at boot.
export const ALL_METHODS: readonly AnyMethod[] = [ping];

export function createMethodRegistry(): MethodRegistry {
  return new MethodRegistry(ALL_METHODS);
}
