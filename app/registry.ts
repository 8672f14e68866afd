import { ALL_METHODS } from './methods/index.js';
import { MethodRegistry } from './methods/registry.js';
import { SUBSCRIPTION_METHODS } from './subscriptions/index.js';

/** Every operation a transport may reach: the methods and the subscriptions' snapshots. */
export function createMethodRegistry(): MethodRegistry {
  return new MethodRegistry([...ALL_METHODS, ...SUBSCRIPTION_METHODS]);
}
