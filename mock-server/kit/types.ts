/**
 * A route is data: method, surface and path template (from `sdk/contract` for Altinn's routes), what it takes,
 * and a handler from a plain request to a plain response. The transports (the HTTP server's `node:http` listener,
 * msw's handlers, the mock's `fetch`) translate to and from these and hold no rules.
 */
import type { z } from 'zod'
import type { HttpMethod, ProblemDescriptor, Surface, ValidationDescriptor } from 'altinn-systemuser-sdk/contract'
import type { AnyMockError } from '../core/errors.ts'
import type { MockAltinn } from '../core/mock-altinn.ts'
import type { Caller } from '../core/tokens.ts'

/** A request as every transport hands it over. Header names are lower case. */
export interface RouteRequest {
  method: string
  url: URL
  headers: Record<string, string | undefined>
  /** The raw body as text (undefined when there was none). */
  body?: string
  /** Set by the adapter when the body was over the limit (then `body` is undefined). */
  bodyTooLarge?: boolean
}

/** A response every transport can write. `body` is already serialised. */
export interface RouteResponse {
  status: number
  headers?: Record<string, string | string[]>
  body?: string
  /** Drop the connection instead of answering (fault injection): the client sees a network error. */
  drop?: boolean
  /** A binary body (the portal's font files), sent instead of `body`. */
  bytes?: Uint8Array<ArrayBuffer>
}

/** What a handler gets. */
export interface HandlerContext<B = unknown> {
  mock: MockAltinn
  req: RouteRequest
  params: Record<string, string>
  query: URLSearchParams
  /** The verified caller (vendor routes only). */
  caller: Caller
  /** The bound, validated body (routes with a `body` schema), or the parsed form (routes with `form`). */
  body: B
  /** Notes for `X-Mock-Warning` (ignored fields and the like). */
  warnings: string[]
}

/**
 * An answer a route gives that is not a success and not one the router gives for every route of its kind (a
 * missing token, a body that does not bind): what the route's own rules can answer. Declared on the route so that
 * its OpenAPI description lists it, and the drift tests hold the route to the list.
 *
 * - an entry of Altinn's problem catalogue, `Problems.X` (its code and status), or `ValidationProblem` (STD-00000);
 * - a validation error inside a STD-00000 problem, `ValidationErrors.X` (no status of its own);
 * - any other answer, {@link RouteStatus}: a status with what it means and what its body is.
 */
export type RouteProblem = ProblemDescriptor | ValidationDescriptor | RouteStatus

/** An answer without a catalogue code, e.g. ASP.NET's bodiless 404 or a plain-text 400. */
export interface RouteStatus {
  readonly status: number
  /** What it means, for the API description (e.g. `No system with this id, or not yours`). */
  readonly title: string
  /**
   * What the body is: a problem (`application/problem+json`, the default), a problem of its own shape
   * (`{ problem: schema }`), JSON of this schema, plain text, an HTML page, or nothing.
   */
  readonly body?: 'problem' | 'text' | 'html' | 'none' | z.ZodType | { readonly problem: z.ZodType }
}

/** What a page says of a refused action: its status, the message in bokmål, and the AUTH code when it has one. */
export interface ErrorPage {
  status: number
  message: string
  code?: string
}

/**
 * A route's error page (the page surface): the page in its part's look, for an error its handler threw. `page` is
 * what the one mapping (`kit/errors.ts`) made of the error; `error` is there for a route that shows one error on
 * the page it came from instead.
 */
export type ErrorPageRenderer = (ctx: HandlerContext<any>, page: ErrorPage, error: AnyMockError) => RouteResponse

/** How a route authenticates. `vendor`: a bearer token from the mock's Maskinporten or Altinn issuer. */
export type RouteAuth = 'vendor' | 'none'

export interface RouteDef<B = unknown> {
  /** A name for the journal and error logs, e.g. `createRequest`. */
  name: string
  method: HttpMethod
  surface: Surface
  path: string
  auth: RouteAuth
  /** Any one of these scopes is enough; checked after the token (bodiless 403 when missing). */
  scopes?: readonly string[]
  /** A JSON body bound case-insensitively and validated with this schema. */
  body?: z.ZodType<B>
  /** Accept `application/x-www-form-urlencoded` (the token endpoint, portal forms) instead of JSON. */
  form?: boolean
  /** What the route's own rules can answer besides success (see {@link RouteProblem}). */
  problems?: readonly RouteProblem[]
  /**
   * The path's last parameter takes the rest of the path, one segment or more (ASP.NET's `{*rest}`): tried only when
   * no other route has the path, e.g. the portal's "page not found" for any `/accessmanagement/ui/...`.
   */
  rest?: boolean
  /** Pages only: how an error the handler throws is shown (a plain page in bokmål without it, never JSON). */
  errorPage?: ErrorPageRenderer
  handle(ctx: HandlerContext<B>): RouteResponse | Promise<RouteResponse>
}
