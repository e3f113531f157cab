/**
 * What every portal page shares: the layout (design-system CSS, header with the person and the organisation
 * acted for, `<main>`), the security headers, redirects, the login and CSRF guards, and the page that shows a
 * refused action (what happened, with its AUTH code), which the dispatcher renders through each route's `errorPage`.
 */
import { ProblemError } from '../core/errors.ts'
import { getOrganisation, getPerson } from '../core/directory.ts'
import type { MockAltinn } from '../core/mock-altinn.ts'
import { empty, text } from '../kit/responses.ts'
import type { ErrorPage, HandlerContext, RouteResponse } from '../kit/types.ts'
import { html, raw, type SafeHtml } from '../kit/html.ts'
import { portalSecurityHeaders } from '../kit/page-headers.ts'
import { ASSET_BASE, PORTAL_PATHS, UI } from '../kit/paths.ts'
import { clearedSessionCookie, findSession, isValidCsrfToken, sessionCookie, type PortalSession } from './session-store.ts'
import { describeProblem, formatOrgNo } from '../kit/format.ts'
import { T } from './texts.ts'

/** One portal exchange: the mock, the request, and the session its cookie names (if live). */
export interface PortalRequest {
  mock: MockAltinn
  ctx: HandlerContext<any>
  query: URLSearchParams
  /** The posted form (POST routes). */
  form: URLSearchParams
  session: PortalSession | undefined
  /** This page's path and query, for `next` after login. */
  here: string
  /** Whether the portal is served over https (then cookies are `Secure`). */
  secure: boolean
}

/** A portal request with a logged-in person. */
export interface SignedInRequest extends PortalRequest {
  session: PortalSession & { pid: string }
}

export interface PageOptions {
  title: string
  status?: number
  /** Extra origins forms on this page may lead to (the vendor's redirect after a decision). */
  formActionOrigins?: readonly string[]
  cookies?: string[]
  /** Leave out the person and organisation in the header (login and logged-out pages). */
  anonymous?: boolean
}

/**
 * A whole page: layout around `content`, with the header for the session's person.
 *
 * @example
 * ```ts
 * return renderPage(p, html`<h1>Hei</h1>`, { title: 'Hei' })
 * ```
 */
export function renderPage(p: PortalRequest, content: SafeHtml, options: PageOptions): RouteResponse {
  const session = options.anonymous ? undefined : p.session
  const flash = session?.flash
  if (session) delete session.flash
  const body = html`${raw('<!doctype html>')}
<html lang="nb" data-color-scheme="light" data-size="md">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} - ${T.brand}</title>
<link rel="stylesheet" href="${ASSET_BASE}/theme.css">
<link rel="stylesheet" href="${ASSET_BASE}/designsystemet.css">
<link rel="stylesheet" href="${ASSET_BASE}/portal.css">
</head>
<body>
<a class="ds-skip-link" href="#main">${T.skipToMain}</a>
<header class="portal-header">
<div class="portal-header__inner">
<a class="portal-brand" href="${PORTAL_PATHS.overview}">${T.brand} <span class="ds-tag" data-color="warning" data-size="sm">${T.testEnvironment}</span></a>
${session?.pid ? headerUser(p.mock, session) : ''}
</div>
</header>
<main id="main" tabindex="-1">
<div class="portal-stack">
${flash ? html`<div class="ds-alert" data-color="success" role="status"><p class="ds-paragraph">${flash}</p></div>` : ''}
${content}
</div>
</main>
</body>
</html>
`
  const res = text(options.status ?? 200, body.toString(), 'text/html; charset=utf-8')
  return { ...res, headers: { ...res.headers, ...portalSecurityHeaders(options.formActionOrigins ?? []), ...(options.cookies?.length ? { 'set-cookie': options.cookies } : {}) } }
}

function headerUser(mock: MockAltinn, session: PortalSession & { pid?: string }): SafeHtml {
  const org = session.actingForOrgNo ? getOrganisation(mock, session.actingForOrgNo) : undefined
  return html`<nav class="portal-user" aria-label="Bruker">
<span>${personName(mock, session.pid!)}</span>
${org ? html`<span>${T.actingFor}: <strong>${org.name}</strong></span>` : ''}
<a class="ds-link" href="${PORTAL_PATHS.reportee}">${T.changeActor}</a>
<form method="post" action="${PORTAL_PATHS.logout}">${csrfField(session)}<button class="ds-button" data-variant="secondary" data-size="sm" type="submit">${T.logOut}</button></form>
</nav>`
}

/**
 * The name to show for a person: the seed's, or a plain label for a synthetic number not in the seed.
 */
function personName(mock: MockAltinn, pid: string): string {
  return getPerson(mock, pid)?.name ?? `Testperson ${pid.slice(0, 6)}*****`
}

/**
 * An organisation's name with its number, for headings and lists.
 *
 * @example
 * ```ts
 * orgLabel(mock, '312091437') // 'TILFELDIG SUBTIL APE (org.nr. 312 091 437)'
 * ```
 */
export function orgLabel(mock: MockAltinn, orgNo: string): string {
  const org = getOrganisation(mock, orgNo)
  return `${org?.name ?? 'Ukjent virksomhet'} (org.nr. ${formatOrgNo(orgNo)})`
}

/**
 * The hidden field that carries the session's CSRF token; every form that changes state has one.
 *
 * @example
 * ```ts
 * html`<form method="post" action="...">${csrfField(session)}...</form>`
 * ```
 */
export function csrfField(session: PortalSession): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${session.csrfToken}">`
}

/**
 * A 302 to a path of this portal or to a vendor URL that has been validated.
 *
 * @example
 * ```ts
 * return redirect(PORTAL_PATHS.overview)
 * ```
 */
export function redirect(location: string, cookies: string[] = []): RouteResponse {
  return empty(302, { location, 'cache-control': 'no-store', ...(cookies.length ? { 'set-cookie': cookies } : {}) })
}

/**
 * A message page (an error, a refusal) with an optional AUTH code.
 *
 * @example
 * ```ts
 * return messagePage(p, 403, T.refusedTitle, T.refusedText, 'AUTH-00066')
 * ```
 */
export function messagePage(p: PortalRequest, status: number, title: string, message: string, code?: string, extra?: SafeHtml): RouteResponse {
  return renderPage(
    p,
    html`<h1 class="ds-heading" data-size="lg">${title}</h1>
<div class="ds-alert" data-color="danger" role="alert">
<p class="ds-paragraph">${message}</p>
${code ? html`<p class="ds-paragraph">${T.errorCode}: <strong>${code}</strong></p>` : ''}
</div>
${extra ?? ''}
<p class="ds-paragraph"><a class="ds-link" href="${PORTAL_PATHS.overview}">${T.backToOverview}</a></p>`,
    { title, status },
  )
}

/**
 * The portal's "page not found" (404), for any `/accessmanagement/ui/...` path no page has.
 *
 * @example
 * ```ts
 * route('portalNotFound', 'GET', 'portal', `${UI}/{path}`, { rest: true, handle: publicPage(showNotFound) })
 * ```
 */
export function showNotFound(p: PortalRequest): RouteResponse {
  return messagePage(p, 404, T.notFoundTitle, T.notFoundText, undefined, html`<p class="ds-paragraph"><a class="ds-link" href="/">${T.toFrontPage}</a></p>`)
}

/**
 * The portal's page for a refused action (every portal route's `errorPage`): what the one mapping made of the
 * error, the problem in bokmål and its AUTH code, in the portal's look with the person in the header.
 *
 * @example
 * ```ts
 * route('portalOverview', 'GET', 'portal', PORTAL_PATHS.overview, { errorPage: showErrorPage, handle: signedInPage(showOverview) })
 * ```
 */
export function showErrorPage(ctx: HandlerContext<any>, page: ErrorPage): RouteResponse {
  return messagePage(portalRequestOf(ctx), page.status, T.errorTitle, page.message, page.code)
}

/**
 * An inline alert for a refused action on the page it came from.
 *
 * @example
 * ```ts
 * html`${problemAlert(error)}`
 * ```
 */
export function problemAlert(error: ProblemError): SafeHtml {
  return html`<div class="ds-alert" data-color="danger" role="alert">
<p class="ds-paragraph">${describeProblem(error.descriptor)}</p>
<p class="ds-paragraph">${T.errorCode}: <strong>${error.descriptor.code}</strong> <span class="portal-meta">(${error.descriptor.title})</span></p>
</div>`
}

/**
 * Whether a `next` value is a path of this portal, so a login can never send the person elsewhere
 * (no scheme, no host, no `//`, no backslash, no control characters).
 *
 * @example
 * ```ts
 * safeNext('/accessmanagement/ui/systemuser/overview') // the same path
 * safeNext('//evil.example/') // undefined
 * ```
 */
export function safeNext(value: string | null | undefined): string | undefined {
  if (!value || value.length > 2000) return undefined
  if (!value.startsWith(`${UI}/`) && value !== UI) return undefined
  if (/[\\\u0000-\u001f\u007f]/.test(value) || value.includes('//')) return undefined
  try {
    const base = new URL('http://portal.invalid')
    const resolved = new URL(value, base)
    if (resolved.origin !== base.origin || !resolved.pathname.startsWith(UI)) return undefined
  } catch {
    return undefined
  }
  return value
}

/**
 * The login page for this page, coming back here afterwards.
 */
function toLogin(p: PortalRequest): RouteResponse {
  return redirect(`${PORTAL_PATHS.login}?next=${encodeURIComponent(p.here)}`)
}

/**
 * The "who do you act for" page, coming back here afterwards.
 *
 * @example
 * ```ts
 * if (!p.session.actingForOrgNo) return toChooseActor(p)
 * ```
 */
export function toChooseActor(p: PortalRequest): RouteResponse {
  return redirect(`${PORTAL_PATHS.reportee}?next=${encodeURIComponent(p.here)}`)
}

/**
 * Cookie header values that log the person out.
 *
 * @example
 * ```ts
 * return redirect(PORTAL_PATHS.loggedOut, loggedOutCookies(p))
 * ```
 */
export function loggedOutCookies(p: PortalRequest): string[] {
  return [clearedSessionCookie(p.secure)]
}

/**
 * Cookie header values that carry a (new) session.
 *
 * @example
 * ```ts
 * return redirect(PORTAL_PATHS.overview, sessionCookies(p, createSession(p.mock, { pid })))
 * ```
 */
export function sessionCookies(p: PortalRequest, session: PortalSession): string[] {
  return [sessionCookie(session, p.secure)]
}

type Handler = (p: PortalRequest) => RouteResponse | Promise<RouteResponse>
type SignedInHandler = (p: SignedInRequest) => RouteResponse | Promise<RouteResponse>

/** Each exchange's portal request, made once: the handler and the error page of one exchange share its session. */
const portalRequests = new WeakMap<HandlerContext<any>, PortalRequest>()

/**
 * The portal request of an exchange: the session its cookie names, the posted form, the page's own path.
 *
 * @example
 * ```ts
 * const p = portalRequestOf(ctx)
 * ```
 */
export function portalRequestOf(ctx: HandlerContext<any>): PortalRequest {
  const made = portalRequests.get(ctx)
  if (made) return made
  const mock = ctx.mock
  const p: PortalRequest = {
    mock,
    ctx,
    query: ctx.query,
    form: ctx.body instanceof URLSearchParams ? ctx.body : new URLSearchParams(),
    session: findSession(mock, ctx.req.headers.cookie),
    here: `${ctx.req.url.pathname}${ctx.req.url.search}`,
    secure: new URL(mock.config.portalUrl).protocol === 'https:',
  }
  portalRequests.set(ctx, p)
  return p
}

/**
 * A page anyone may open (login, logged out). A refused action is shown by the route's error page
 * ({@link showErrorPage}).
 *
 * @example
 * ```ts
 * route('portalLoggedOut', 'GET', 'portal', PORTAL_PATHS.loggedOut, { handle: publicPage((p) => ...) })
 * ```
 */
export function publicPage(handler: Handler): (ctx: HandlerContext<any>) => RouteResponse | Promise<RouteResponse> {
  return (ctx) => handler(portalRequestOf(ctx))
}

/**
 * A page for a logged-in person: without a session, the login page first.
 *
 * @example
 * ```ts
 * route('portalOverview', 'GET', 'portal', PORTAL_PATHS.overview, { handle: signedInPage((p) => ...) })
 * ```
 */
export function signedInPage(handler: SignedInHandler): (ctx: HandlerContext<any>) => RouteResponse | Promise<RouteResponse> {
  return (ctx) => {
    const p = portalRequestOf(ctx)
    if (!p.session?.pid) return toLogin(p)
    return handler(p as SignedInRequest)
  }
}

/**
 * A form post that changes state: the session's CSRF token must come with it, or nothing happens (403). A
 * post with a valid token but no logged-in person goes to the login page.
 *
 * @example
 * ```ts
 * route('portalApprove', 'POST', 'portal', `${PORTAL_PATHS.request}/approve`, { form: true, handle: formAction((p) => ...) })
 * ```
 */
export function formAction(handler: SignedInHandler): (ctx: HandlerContext<any>) => RouteResponse | Promise<RouteResponse> {
  return (ctx) => {
    const p = portalRequestOf(ctx)
    if (!isValidCsrfToken(p.session, p.form.get('_csrf'))) return messagePage(p, 403, T.csrfTitle, T.csrfText)
    if (!p.session?.pid) return redirect(PORTAL_PATHS.login)
    return handler(p as SignedInRequest)
  }
}

/**
 * A form post allowed before login (the login form itself): the anonymous session's CSRF token is required.
 *
 * @example
 * ```ts
 * route('portalLogin', 'POST', 'portal', PORTAL_PATHS.login, { form: true, handle: anonymousFormAction((p) => ...) })
 * ```
 */
export function anonymousFormAction(handler: Handler): (ctx: HandlerContext<any>) => RouteResponse | Promise<RouteResponse> {
  return (ctx) => {
    const p = portalRequestOf(ctx)
    if (!isValidCsrfToken(p.session, p.form.get('_csrf'))) return handler({ ...p, session: undefined })
    return handler(p)
  }
}
