/**
 * The wire contract shared by the SDK and the mock: schemas, route templates, scopes and problem codes.
 *
 * @example
 * ```ts
 * import { Routes, Problems, RequestSystemResponseSchema } from './contract/index.ts'
 * ```
 */
export * from './schemas.ts'
export * from './routes.ts'
export * from './route-table.ts'
export * from './problems.ts'
export * from './environments.ts'
export * from './tokens.ts'
export * from './change-requests.ts'
export * from './client-delegation.ts'
export * from './idporten.ts'
