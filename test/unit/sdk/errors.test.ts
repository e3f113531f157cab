import { describe, expect, it } from 'vitest'
import { Problems } from '../../../sdk/contract/index.ts'
import {
  AltinnContractError,
  AltinnError,
  AltinnHttpError,
  AltinnNetworkError,
  AltinnProblemError,
  AltinnTimeoutError,
  MaskinportenError,
  MaskinportenSystemUserNotFoundError,
  SystemUserAlreadyExistsError,
  isAltinnHttpError,
  isAltinnProblem,
  isMaskinportenError,
  isSystemUserAlreadyExists,
  isTransientError,
  maskinportenErrorFor,
} from '../../../sdk/errors/index.ts'
import { toHttpError } from '../../../sdk/http.ts'
import { createRedactor, redactPatterns } from '../../../sdk/redaction.ts'
import { parseRetryAfter } from '../../../sdk/retry.ts'
import { CUSTOMER } from '../../../mock-server/seed/personas.ts'

const url = 'https://platform.tt02.altinn.no/authentication/api/v1/systemuser/request/vendor'
const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzY29wZSI6ImEifQ.c2lnbmF0dXJl'

describe('redaction', () => {
  it.each([
    ['a JWT anywhere in a text', `token ${jwt} here`, 'token [redacted] here'],
    ['a bearer credential', 'Authorization: Bearer opaque-token-123', 'Authorization: Bearer [redacted]'],
    ['a PEM block', 'key -----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY----- end', 'key [redacted] end'],
    ['secret JSON members', '{"access_token":"abc","d":"xyz","error":"invalid_grant"}', '{"access_token":"[redacted]","d":"[redacted]","error":"invalid_grant"}'],
  ])('removes %s, by its shape and with every redactor', (_, text, expected) => {
    expect(redactPatterns(text)).toBe(expected)
    expect(createRedactor().redact(text)).toBe(expected)
  })

  it('removes an opaque secret a redactor remembered, and only that redactor', () => {
    const mine = createRedactor()
    const theirs = createRedactor()

    mine.remember('opaque-9f8e7d6c5b4a')

    expect(mine.redact('echo: opaque-9f8e7d6c5b4a!')).toBe('echo: [redacted]!')
    expect(theirs.redact('echo: opaque-9f8e7d6c5b4a!')).toBe('echo: opaque-9f8e7d6c5b4a!')
  })

  it('keeps at most 256 secrets, forgetting the oldest first, and ignores strings too short to be one', () => {
    const redactor = createRedactor()
    const secrets = Array.from({ length: 257 }, (_, i) => `opaque-secret-${String(i).padStart(4, '0')}`)

    for (const secret of secrets) redactor.remember(secret)
    redactor.remember('short')

    expect(redactor.redact(secrets[0]!)).toBe(secrets[0])
    expect(redactor.redact(`${secrets[1]} ${secrets[256]}`)).toBe('[redacted] [redacted]')
    expect(redactor.redact('a short word')).toBe('a short word')
  })

  it('redacts an error made with a redactor of what that redactor remembered', () => {
    const redactor = createRedactor()
    redactor.remember('opaque-9f8e7d6c5b4a')

    const error = new AltinnHttpError({ status: 500, method: 'GET', url, bodyText: 'token opaque-9f8e7d6c5b4a echoed' }, undefined, { redact: redactor.redact })
    const plain = new AltinnHttpError({ status: 500, method: 'GET', url, bodyText: `token ${jwt} echoed` })

    expect(error.bodyText).toBe('token [redacted] echoed')
    expect(error.message).not.toContain('opaque-9f8e7d6c5b4a')
    expect(plain.bodyText).toBe('token [redacted] echoed')
  })

  it('leaves ordinary words alone', () => {
    expect(redactPatterns('AUTH-00013 The Status of the Request is not New.')).toBe('AUTH-00013 The Status of the Request is not New.')
  })
})

describe('the error family', () => {
  it('maps a problem body to AltinnProblemError with its code, trace id, validation errors and extensions', async () => {
    const body = {
      type: 'urn:altinn:error:STD-00000',
      title: 'One or more validation errors occurred.',
      status: 400,
      code: 'STD-00000',
      traceId: '00-abc-def-01',
      validationErrors: [{ code: 'AUTH.VLD-00001', title: 'bad id', paths: ['/registersystemrequest/systemid'] }],
      NotFoundPackages: 'urn:altinn:accesspackage:x',
    }
    const response = new Response(JSON.stringify(body), { status: 400, headers: { 'content-type': 'application/problem+json' } })

    const error = await toHttpError(response, 'POST', url, 1)

    expect(error).toBeInstanceOf(AltinnProblemError)
    expect(error).toMatchObject({ status: 400, code: 'STD-00000', traceId: '00-abc-def-01', extensions: { NotFoundPackages: 'urn:altinn:accesspackage:x' } })
    expect((error as AltinnProblemError).validationErrors).toEqual([{ code: 'AUTH.VLD-00001', title: 'bad id', paths: ['/registersystemrequest/systemid'] }])
    expect(error.message).toContain('AUTH.VLD-00001')
  })

  it('maps a bodiless 403 and a text 404 to AltinnHttpError with a hint', async () => {
    const forbidden = await toHttpError(new Response(null, { status: 403 }), 'PUT', url, 1)
    const notFound = await toHttpError(new Response("System with ID 'x' not found.", { status: 404 }), 'GET', url, 3)

    expect(forbidden).not.toBeInstanceOf(AltinnProblemError)
    expect(forbidden.message).toMatch(/scope/)
    expect(notFound).toMatchObject({ status: 404, bodyText: "System with ID 'x' not found.", attempts: 3 })
  })

  it('knows which failures are worth trying again', () => {
    const http = (status: number) => new AltinnHttpError({ status, method: 'GET', url })
    expect([408, 429, 500, 503].map((s) => isTransientError(http(s)))).toEqual([true, true, true, true])
    expect([400, 401, 403, 404, 409].map((s) => isTransientError(http(s)))).toEqual([false, false, false, false, false])
    expect(isTransientError(new AltinnNetworkError('GET', url, 1, new TypeError('fetch failed')))).toBe(true)
    expect(isTransientError(new AltinnTimeoutError('GET request', 10))).toBe(true)
    expect(isTransientError(new AltinnTimeoutError('waitForDecision', 10))).toBe(false)
    expect(isTransientError(new AltinnContractError('drift'))).toBe(false)
  })

  it('answers the guards by class and by code', () => {
    const problem = new AltinnProblemError({ status: 409, method: 'POST', url }, { code: 'AUTH-00013', title: 'not new' })
    const exists = new SystemUserAlreadyExistsError(
      new AltinnProblemError({ status: 400, method: 'POST', url }, { code: 'AUTH-00004', title: 'exists' }),
      { systemId: 's', orgNo: CUSTOMER, externalRef: CUSTOMER },
      async () => undefined,
    )

    expect(isAltinnProblem(problem, 'AUTH-00013')).toBe(true)
    expect(isAltinnProblem(problem, 'AUTH-00004')).toBe(false)
    expect(isAltinnHttpError(problem, 409)).toBe(true)
    expect(isSystemUserAlreadyExists(exists)).toBe(true)
    expect(isAltinnProblem(exists, 'AUTH-00004')).toBe(true)
    expect(exists).toBeInstanceOf(AltinnError)
    expect(isAltinnProblem(new Error('AUTH-00013'))).toBe(false)
  })

  it("takes only the codes Altinn's problems carry, so a mistyped code does not compile", () => {
    const problem = new AltinnProblemError({ status: 400, method: 'POST', url }, { code: 'STD-00000', title: 'validation' })

    expect(isAltinnProblem(problem, 'STD-00000')).toBe(true)
    expect(isAltinnProblem(problem, Problems.RequestNotFound.code)).toBe(false)
    // @ts-expect-error AUTH-0013 is no code of Altinn's (one digit short)
    expect(isAltinnProblem(problem, 'AUTH-0013')).toBe(false)
    // @ts-expect-error a validation error's code is in validationErrors, never the problem's own
    expect(isAltinnProblem(problem, 'AUTH.VLD-00001')).toBe(false)
  })

  it('makes MP-303 a MaskinportenSystemUserNotFoundError that names what to check', () => {
    const error = maskinportenErrorFor({ error: 'invalid_altinn_customer_configuration', errorDescription: 'No system user found. (MP-303)', orgNo: CUSTOMER, clientId: 'c-1', externalRef: 'ref-1' })
    const other = maskinportenErrorFor({ error: 'invalid_grant', errorDescription: 'Invalid assertion. Client authentication failed. (MP-100)' })

    expect(error).toBeInstanceOf(MaskinportenSystemUserNotFoundError)
    expect(isMaskinportenError(error, 'MP-303')).toBe(true)
    expect(error.checks).toHaveLength(4)
    expect(error.message).toContain('"ref-1" was sent')
    expect(error.message).toContain('c-1')
    expect(other).not.toBeInstanceOf(MaskinportenSystemUserNotFoundError)
    expect(other).toBeInstanceOf(MaskinportenError)
    expect(other.mpCode).toBe('MP-100')
  })

  it('keeps a network error cause to its message and code, without the objects behind it', () => {
    const cause = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }) })

    const error = new AltinnNetworkError('GET', url, 3, cause)

    expect(error.message).toContain('ECONNREFUSED')
    expect(error.cause).toMatchObject({ message: 'fetch failed', code: 'ECONNREFUSED' })
    expect((error.cause as Error).cause).toBeUndefined()
  })
})

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3)
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:10 GMT', Date.parse('Wed, 21 Oct 2026 07:28:00 GMT'))).toBe(10)
    expect(parseRetryAfter('soon')).toBeUndefined()
    expect(parseRetryAfter(null)).toBeUndefined()
  })
})
