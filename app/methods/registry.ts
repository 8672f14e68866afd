import { isAccess } from '../policies/access.js';
import { METHOD_SCOPES } from '../policies/scopes.js';
import type { AnyMethod } from './define.js';

export class MethodDeclarationError extends Error {
  override name = 'MethodDeclarationError';
}

const TYPE_PATTERN = /^[a-z][a-z_]*\.[a-z][a-z_]*$/;

/** Every method, by type. Registration checks each declaration, so a bad one stops boot. */
export class MethodRegistry {
  readonly #methods = new Map<string, AnyMethod>();

  constructor(methods: readonly AnyMethod[] = []) {
    for (const method of methods) this.register(method);
  }

  register(method: AnyMethod): void {
    const where = `method ${JSON.stringify((method as { type?: unknown }).type)}`;
    if (typeof method.type !== 'string' || !TYPE_PATTERN.test(method.type)) {
      throw new MethodDeclarationError(`${where}: type must look like "namespace.action"`);
    }
    if (!isAccess((method as { access?: unknown }).access)) {
      throw new MethodDeclarationError(
        `${where}: declares no valid access ('anyone', 'signed_in' or a list of roles)`,
      );
    }
    if (!METHOD_SCOPES.includes((method as { scope?: unknown }).scope as never)) {
      throw new MethodDeclarationError(
        `${where}: declares no valid scope (${METHOD_SCOPES.map((scope) => `'${scope}'`).join(', ')})`,
      );
    }
    if (method.reauth && method.scope !== 'session') {
      throw new MethodDeclarationError(
        `${where}: needs re-authentication, so its scope is 'session'`,
      );
    }
    if (!method.input || typeof method.input !== 'object') {
      throw new MethodDeclarationError(`${where}: declares no input schema (use {} for none)`);
    }
    if (typeof method.run !== 'function')
      throw new MethodDeclarationError(`${where}: has no run()`);
    if (typeof method.summary !== 'string' || !method.summary)
      throw new MethodDeclarationError(`${where}: has no summary`);
    if (this.#methods.has(method.type))
      throw new MethodDeclarationError(`${where}: is declared twice`);
    this.#methods.set(method.type, method);
  }

  /**
   * Returns `method` when it is the one registered under its type, else throws. Adapters
   * call this while they are built, so a transport cannot reach an unchecked method.
   */
  registered<M extends { type: string }>(method: M): M {
    if (this.#methods.get(method.type) !== (method as unknown)) {
      throw new MethodDeclarationError(
        `method "${method.type}" is used by a transport but not registered`,
      );
    }
    return method;
  }

  get(type: string): AnyMethod | undefined {
    return this.#methods.get(type);
  }

  list(): AnyMethod[] {
    return [...this.#methods.values()];
  }
}
