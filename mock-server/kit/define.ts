/**
 * Helpers to declare routes from the contract's templates, so the mock registers exactly the paths the SDK
 * calls.
 */
import type { z } from 'zod'
import { ApiRoutes, type ApiRouteName, type HttpMethod, type Surface } from 'altinn-systemuser-sdk/contract'
import type { ErrorPageRenderer, HandlerContext, RouteDef, RouteProblem, RouteResponse, RouteStatus } from './types.ts'

/**
 * A route of Altinn's API, from its contract template: vendor routes (those with scopes) authenticate.
 *
 * @example
 * ```ts
 * contractRoute('getRequest', { handle: ({ params }) => json(200, ...) })
 * ```
 */
export function contractRoute<B = undefined>(
  name: ApiRouteName,
  spec: { body?: z.ZodType<B>; form?: boolean; auth?: RouteDef['auth']; problems?: readonly RouteProblem[]; handle(ctx: HandlerContext<B>): RouteResponse | Promise<RouteResponse> },
): RouteDef<B> {
  const t = ApiRoutes[name]
  const scopes = 'scopes' in t ? t.scopes : undefined
  return {
    name,
    method: t.method,
    surface: t.surface,
    path: t.path,
    auth: spec.auth ?? (scopes ? 'vendor' : 'none'),
    ...(scopes ? { scopes } : {}),
    ...(spec.body ? { body: spec.body } : {}),
    ...(spec.form ? { form: true } : {}),
    ...(spec.problems ? { problems: spec.problems } : {}),
    handle: spec.handle,
  }
}

/** A route outside Altinn's contract (the control API, health, the portal pages). */
export function route<B = undefined>(
  name: string,
  method: HttpMethod,
  surface: Surface,
  path: string,
  spec: {
    body?: z.ZodType<B>
    form?: boolean
    auth?: RouteDef['auth']
    scopes?: readonly string[] | undefined
    problems?: readonly RouteProblem[]
    rest?: boolean
    errorPage?: ErrorPageRenderer
    handle(ctx: HandlerContext<B>): RouteResponse | Promise<RouteResponse>
  },
): RouteDef<B> {
  return {
    name,
    method,
    surface,
    path,
    auth: spec.auth ?? 'none',
    ...(spec.scopes ? { scopes: spec.scopes } : {}),
    ...(spec.body ? { body: spec.body } : {}),
    ...(spec.form ? { form: true } : {}),
    ...(spec.problems ? { problems: spec.problems } : {}),
    ...(spec.rest ? { rest: true } : {}),
    ...(spec.errorPage ? { errorPage: spec.errorPage } : {}),
    handle: spec.handle,
  }
}

/**
 * An answer without a code of Altinn's catalogue, for a route's `problems` (its status, what it means, its body).
 *
 * @example
 * ```ts
 * route('controlFaultsRemove', 'DELETE', 'control', '/__mock/faults/{id}', { problems: [answer(404, 'No fault rule with this id')], handle })
 * answer(404, 'No system with this id', 'none') // ASP.NET's bodiless 404
 * ```
 */
export function answer(status: number, title: string, body: RouteStatus['body'] = 'problem'): RouteStatus {
  return { status, title, body }
}
