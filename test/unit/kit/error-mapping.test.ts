import { describe, expect, it } from 'vitest'
import { MaskinportenErrors, Problems, ValidationErrors, type Surface } from '../../../sdk/contract/index.ts'
import {
  AspNetError,
  badInput,
  conflict,
  ForbiddenError,
  HttpProblemError,
  isMockError,
  MockError,
  modelStateError,
  noConsumer,
  OAuthError,
  problem,
  UnauthorizedError,
  ValidationProblemError,
  type AnyMockError,
} from '../../../mock-server/core/errors.ts'
import { mintMaskinportenToken } from '../../../mock-server/core/tokens.ts'
import { route } from '../../../mock-server/kit/define.ts'
import { errorResponse, type ErrorSite } from '../../../mock-server/kit/errors.ts'
import { createRouter } from '../../../mock-server/kit/router.ts'
import type { ErrorPage, HandlerContext, RouteResponse } from '../../../mock-server/kit/types.ts'
import { aMock } from '../../support/core.ts'
import { SMARTCLOUD } from '../../../mock-server/seed/personas.ts'

const PROBLEM_JSON = 'application/problem+json; charset=utf-8'
const TRACE_ID = /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/
/** Every surface that answers with the API's own bodies (all but the pages). */
const API_SURFACES: Surface[] = ['platform', 'maskinporten', 'control']

function answer(error: AnyMockError, site: Partial<ErrorSite> = {}): RouteResponse {
  return errorResponse(error, { surface: 'platform', stage: 'handler', ...site })
}

function bodyOf(res: RouteResponse): Record<string, unknown> {
  return JSON.parse(res.body!) as Record<string, unknown>
}

describe.each(API_SURFACES)('the one mapping of errors to answers, on the %s surface', (surface) => {
  it('answers an Altinn problem with its status and the members of AltinnProblemDetails in their order', () => {
    const res = answer(problem(Problems.RequestNotFound, { NotFoundPackages: ['x'] }, 'more'), { surface })
    expect(res.status).toBe(404)
    expect(res.headers).toEqual({ 'content-type': PROBLEM_JSON })
    const body = bodyOf(res)
    expect(Object.keys(body)).toEqual(['type', 'title', 'status', 'detail', 'code', 'traceId', 'statusDescription', 'NotFoundPackages'])
    expect(body).toMatchObject({
      type: `urn:altinn:error:${Problems.RequestNotFound.code}`,
      title: Problems.RequestNotFound.title,
      status: 404,
      detail: 'more',
      code: Problems.RequestNotFound.code,
      statusDescription: 'Not Found',
      NotFoundPackages: ['x'],
    })
    expect(body.traceId).toMatch(TRACE_ID)
  })

  it('leaves out detail when an Altinn problem has none', () => {
    expect(bodyOf(answer(problem(Problems.RequestStatusNotNew), { surface }))).not.toHaveProperty('detail')
  })

  it('answers a validation problem as STD-00000 with each failure, its paths, detail and extensions', () => {
    const error = new ValidationProblemError([
      { descriptor: ValidationErrors.SystemRegisterInvalidSystemId, paths: ['/registersystemrequest/systemid'] },
      { descriptor: ValidationErrors.SystemRegisterSystemIdExists, paths: ['/a', '/b'], detail: 'why', extensions: { extra: 1 } },
    ])
    const res = answer(error, { surface })
    expect(res.status).toBe(400)
    expect(res.headers).toEqual({ 'content-type': PROBLEM_JSON })
    const body = bodyOf(res)
    expect(Object.keys(body)).toEqual(['type', 'title', 'status', 'code', 'traceId', 'statusDescription', 'validationErrors'])
    expect(body).toMatchObject({ type: 'urn:altinn:error:STD-00000', title: 'One or more validation errors occurred.', status: 400, code: 'STD-00000', statusDescription: 'Bad Request' })
    expect(body.validationErrors).toEqual([
      { code: ValidationErrors.SystemRegisterInvalidSystemId.code, title: ValidationErrors.SystemRegisterInvalidSystemId.title, paths: ['/registersystemrequest/systemid'] },
      { code: ValidationErrors.SystemRegisterSystemIdExists.code, title: ValidationErrors.SystemRegisterSystemIdExists.title, paths: ['/a', '/b'], detail: 'why', extra: 1 },
    ])
  })

  it('answers an OAuth error with error and error_description, never cached; 401 only for invalid_client', () => {
    const grant = answer(new OAuthError(MaskinportenErrors.invalidGrant, 'Invalid assertion. (MP-100)'), { surface })
    expect(grant).toEqual({
      status: 400,
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', pragma: 'no-cache' },
      body: JSON.stringify({ error: 'invalid_grant', error_description: 'Invalid assertion. (MP-100)' }),
    })
    expect(answer(new OAuthError(MaskinportenErrors.invalidClient, 'Unknown client.'), { surface }).status).toBe(401)
  })

  it('answers ASP.NET model-state errors as its validation problem, with the errors by field', () => {
    const res = answer(modelStateError({ requestId: ["The value 'x' is not valid."] }), { surface })
    expect(res.status).toBe(400)
    expect(res.headers).toEqual({ 'content-type': PROBLEM_JSON })
    const body = bodyOf(res)
    expect(body).toMatchObject({ type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1', title: 'One or more validation errors occurred.', status: 400, errors: { requestId: ["The value 'x' is not valid."] } })
    expect(body).not.toHaveProperty('detail')
    expect(body.traceId).toMatch(TRACE_ID)
  })

  it('answers an ASP.NET text as plain text, and a bare status without a body', () => {
    expect(answer(new AspNetError(404, { text: "System with ID 'x' not found." }), { surface })).toEqual({
      status: 404,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: "System with ID 'x' not found.",
    })
    expect(answer(new AspNetError(404), { surface })).toEqual({ status: 404, headers: {} })
  })

  it("answers a controller's own ProblemDetails with title, status and detail only", () => {
    expect(answer(new AspNetError(404, { problem: { title: 'System Owner not Found', detail: 'No organisation 1.' } }), { surface })).toEqual({
      status: 404,
      headers: { 'content-type': PROBLEM_JSON },
      body: JSON.stringify({ title: 'System Owner not Found', status: 404, detail: 'No organisation 1.' }),
    })
  })

  it('answers an RFC 9457 problem with its type, title, status, detail, trace id and extra members', () => {
    const res = answer(new HttpProblemError(400, 'The seed addition is not valid.', 'The seed addition is not valid:\n  - a', { errors: ['a'] }), { surface })
    expect(res.status).toBe(400)
    expect(res.headers).toEqual({ 'content-type': PROBLEM_JSON })
    const body = bodyOf(res)
    expect(Object.keys(body)).toEqual(['type', 'title', 'status', 'detail', 'traceId', 'errors'])
    expect(body).toMatchObject({ type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1', title: 'The seed addition is not valid.', status: 400, errors: ['a'] })
    expect(bodyOf(answer(badInput('Give a pid.'), { surface }))).toMatchObject({ title: 'Bad Request', status: 400, detail: 'Give a pid.' })
    const taken = answer(conflict('A Maskinporten client "x" already exists.'), { surface })
    expect(taken.status).toBe(409)
    expect(bodyOf(taken)).toMatchObject({ type: 'https://tools.ietf.org/html/rfc9110#section-15.5.10', title: 'Conflict', status: 409 })
  })

  it('challenges with WWW-Authenticate where the authentication refuses a token, and says why', () => {
    expect(answer(new UnauthorizedError('the token has expired'), { surface, stage: 'authentication' })).toEqual({
      status: 401,
      headers: { 'www-authenticate': 'Bearer error="invalid_token", error_description="the token has expired"' },
    })
  })

  it('challenges without an error code when no token came at all (RFC 6750 §3.1)', () => {
    expect(answer(new UnauthorizedError('no bearer token', false), { surface, stage: 'authentication' })).toEqual({ status: 401, headers: { 'www-authenticate': 'Bearer' } })
  })

  it("answers a controller's Unauthorized() as a bodiless 401 without a challenge", () => {
    expect(answer(noConsumer(), { surface })).toEqual({ status: 401, headers: {} })
    expect(answer(new UnauthorizedError('the token has expired'), { surface })).toEqual({ status: 401, headers: {} })
  })

  it('answers a refusal of the caller (Forbid()) as a bodiless 403', () => {
    expect(answer(new ForbiddenError('the caller may not read the clients of 1'), { surface })).toEqual({ status: 403, headers: {} })
  })
})

describe('the error family', () => {
  it('has one base class and one kind per class, and nothing else belongs to it', () => {
    const errors: AnyMockError[] = [
      problem(Problems.RequestNotFound),
      new ValidationProblemError([]),
      new OAuthError(MaskinportenErrors.invalidGrant, 'no'),
      new AspNetError(404),
      badInput('no'),
      noConsumer(),
      new ForbiddenError('no'),
    ]
    for (const e of errors) {
      expect(e).toBeInstanceOf(MockError)
      expect(isMockError(e)).toBe(true)
    }
    expect(errors.map((e) => [e.name, e.kind])).toEqual([
      ['ProblemError', 'problem'],
      ['ValidationProblemError', 'validation'],
      ['OAuthError', 'oauth'],
      ['AspNetError', 'aspnet'],
      ['HttpProblemError', 'http-problem'],
      ['UnauthorizedError', 'unauthorized'],
      ['ForbiddenError', 'forbidden'],
    ])
    expect(isMockError(new Error('x'))).toBe(false)
  })
})

describe('warnings beside an error answer', () => {
  it('sends the notes gathered before the error in X-Mock-Warning', () => {
    const res = answer(new AspNetError(404), { warnings: ['ignored unknown field(s): nmae'] })
    expect(res.headers).toEqual({ 'x-mock-warning': 'ignored unknown field(s): nmae' })
  })

  it("adds the error's hint after them, printable and at most 500 characters", () => {
    const error = new AspNetError(409, { text: 'The System already exist: x' }).withHint('list each client id once')
    expect(answer(error, { warnings: ['ignored unknown field(s): nmae'] }).headers).toEqual({
      'content-type': 'text/plain; charset=utf-8',
      'x-mock-warning': 'ignored unknown field(s): nmae; list each client id once',
    })
    const long = answer(new ForbiddenError('no').withHint(`é${'x'.repeat(600)}`)).headers!['x-mock-warning'] as string
    expect(long).toHaveLength(500)
    expect(long.startsWith('?x')).toBe(true)
  })

  it('sends no X-Mock-Warning when there is nothing to say', () => {
    expect(answer(new ForbiddenError('no')).headers).toEqual({})
  })
})

describe('the one mapping on the page surface', () => {
  function renderer() {
    const seen: { page: ErrorPage; error: AnyMockError }[] = []
    const page = (p: ErrorPage, error: AnyMockError): RouteResponse => {
      seen.push({ page: p, error })
      return { status: p.status, headers: { 'content-type': 'text/html; charset=utf-8' }, body: `<p>${p.message}</p>` }
    }
    return { seen, page }
  }

  it("hands an Altinn problem to the route's page with its status, bokmål text and AUTH code", () => {
    const { seen, page } = renderer()
    const error = problem(Problems.RequestNotFound)
    const res = answer(error, { surface: 'portal', page })
    expect(res.status).toBe(404)
    expect(res.headers!['content-type']).toBe('text/html; charset=utf-8')
    expect(seen).toHaveLength(1)
    expect(seen[0]!.page.status).toBe(404)
    expect(seen[0]!.page.code).toBe(Problems.RequestNotFound.code)
    expect(seen[0]!.page.message).not.toBe('')
    expect(seen[0]!.error).toBe(error)
  })

  it.each<[string, AnyMockError, number]>([
    ['a validation problem', new ValidationProblemError([{ descriptor: ValidationErrors.SystemRegisterInvalidSystemId, paths: ['/x'] }]), 400],
    ['an OAuth error', new OAuthError(MaskinportenErrors.invalidClient, 'no'), 401],
    ['model-state errors', modelStateError({ id: ['bad'] }), 400],
    ['an ASP.NET text', new AspNetError(404, { text: 'gone' }), 404],
    ['an RFC 9457 problem', conflict('taken'), 409],
    ['an unauthorized caller', noConsumer(), 401],
    ['a forbidden caller', new ForbiddenError('no'), 403],
  ])('shows %s as a page with its status, never as JSON', (_, error, status) => {
    const { seen, page } = renderer()
    const res = answer(error, { surface: 'portal', page })
    expect(res.status).toBe(status)
    expect(res.headers!['content-type']).toBe('text/html; charset=utf-8')
    expect(seen[0]!.page).toEqual({ status, message: 'Handlingen kunne ikke utføres. Gå tilbake og prøv igjen.' })
  })

  it('shows a plain page in bokmål, with the security headers of a portal page, for a route without a page of its own', () => {
    const res = answer(problem(Problems.SystemUserAlreadyExists), { surface: 'portal' })
    expect(res.status).toBe(400)
    expect(res.headers).toMatchObject({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY' })
    expect(res.headers!['content-security-policy']).toContain("default-src 'none'")
    expect(res.body).toContain('<html lang="nb">')
    expect(res.body).toContain('<h1>Noe gikk galt</h1>')
    expect(res.body).toContain(`Feilkode: <strong>${Problems.SystemUserAlreadyExists.code}</strong>`)
  })

  it('shows any other error on the plain page with its status and a general message, not what the API would send', () => {
    const res = answer(new AspNetError(404, { text: "System with ID 'x' not found." }), { surface: 'portal' })
    expect(res.status).toBe(404)
    expect(res.body).toContain('Handlingen kunne ikke utføres.')
    expect(res.body).not.toContain('System with ID')
    expect(res.body).not.toContain('Feilkode')
  })

  it('keeps the warnings on a page too', () => {
    const { page } = renderer()
    expect(answer(new ForbiddenError('no'), { surface: 'portal', page, warnings: ['note'] }).headers!['x-mock-warning']).toBe('note')
  })
})

describe('the dispatcher hands every error of the family to the one mapping', () => {
  const mock = aMock()
  const origin = 'http://mock.test'
  const seen: { ctx: HandlerContext<any>; page: ErrorPage }[] = []
  let handled: HandlerContext<any> | undefined
  const router = createRouter([
    route('platformProblem', 'GET', 'platform', '/problem', { handle: () => { throw problem(Problems.RequestNotFound) } }),
    route('vendorOnly', 'GET', 'platform', '/vendor', { auth: 'vendor', handle: () => { throw noConsumer() } }),
    route('pageWithOwnErrorPage', 'GET', 'portal', '/page', {
      errorPage: (ctx, page) => {
        seen.push({ ctx, page })
        return { status: page.status, headers: { 'content-type': 'text/html; charset=utf-8' }, body: `own page ${page.code}` }
      },
      handle: (ctx) => {
        handled = ctx
        ctx.warnings.push('a note from the handler')
        throw problem(Problems.RequestStatusNotNew)
      },
    }),
    route('pageWithoutErrorPage', 'GET', 'portal', '/plain', { handle: () => { throw new ForbiddenError('no') } }),
    route('broken', 'GET', 'platform', '/broken', { handle: () => { throw new Error('a bug') } }),
  ])
  const get = (path: string, headers: Record<string, string> = {}) => router.dispatch(mock, { method: 'GET', url: new URL(`${origin}${path}`), headers })

  it('answers an API route with the answer of its kind', async () => {
    const res = await get('/problem')
    expect(res.status).toBe(404)
    expect(bodyOf(res).code).toBe(Problems.RequestNotFound.code)
  })

  it("challenges at the authentication, and answers the handler's own 401 without a challenge", async () => {
    expect(await get('/vendor')).toEqual({ status: 401, headers: { 'www-authenticate': 'Bearer' } })
    const rejected = await get('/vendor', { authorization: 'Bearer not.a.jwt' })
    expect(rejected.status).toBe(401)
    expect(rejected.headers!['www-authenticate']).toBe('Bearer error="invalid_token", error_description="the token was not issued by this Maskinporten or Altinn"')
    const { accessToken } = await mintMaskinportenToken(mock, { orgNo: SMARTCLOUD, scope: 'altinn:authentication/systemuser.request.read' })
    expect(await get('/vendor', { authorization: `Bearer ${accessToken}` })).toEqual({ status: 401, headers: {} })
  })

  it("shows a page route's error through its own error page, with the exchange its handler had and the handler's notes", async () => {
    const res = await get('/page')
    expect(res).toEqual({ status: 409, headers: { 'content-type': 'text/html; charset=utf-8', 'x-mock-warning': 'a note from the handler' }, body: `own page ${Problems.RequestStatusNotNew.code}` })
    expect(seen.at(-1)!.ctx).toBe(handled)
    expect(seen.at(-1)!.page.code).toBe(Problems.RequestStatusNotNew.code)
  })

  it('shows the plain bokmål page for a page route without one of its own', async () => {
    const res = await get('/plain')
    expect(res.status).toBe(403)
    expect(res.headers!['content-type']).toBe('text/html; charset=utf-8')
    expect(res.body).toContain('Noe gikk galt')
  })

  it('answers anything else as a 500 problem without details', async () => {
    const error = console.error
    console.error = () => {}
    try {
      const res = await get('/broken')
      expect(res.status).toBe(500)
      expect(bodyOf(res)).toMatchObject({ title: 'An error occurred while processing your request.', status: 500 })
      expect(res.body).not.toContain('a bug')
    } finally {
      console.error = error
    }
  })
})
