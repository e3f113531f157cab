import { inspect } from 'node:util'
import { createPrivateKey } from 'node:crypto'
import { http, HttpResponse } from 'msw'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { PRIVATE_JWK_MEMBERS } from '../../sdk/contract/index.ts'
import { Environments, createAltinnClient, type AltinnClient, type Logger } from '../../sdk/index.ts'
import { startInProcessMock, type RunningInProcessMock } from '../../mock-server/msw.ts'
import { A, call } from '../support/api.ts'
import { CUSTOMER, RECEIPT_URL, SPRUDLENDE_HOFLIG_MAKE, STANDARD_SYSTEM } from '../../mock-server/seed/personas.ts'
import { aRight } from '../support/builders.ts'

const platform = Environments.tt02.platformUrl

/** Every string reachable from a value: own properties (enumerable or not), causes, nested objects. */
function everyStringIn(value: unknown, seen = new Set<unknown>()): string[] {
  if (typeof value === 'string') return [value]
  if (value === null || typeof value !== 'object' || seen.has(value)) return []
  seen.add(value)
  const out: string[] = []
  for (const key of Reflect.ownKeys(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key)
    if (descriptor && 'value' in descriptor) out.push(...everyStringIn(descriptor.value, seen))
  }
  return out
}

/** Everything a careless log line could print of an error. */
function everyRenderingOf(error: unknown): string {
  const e = error as Error
  let json = ''
  try {
    json = JSON.stringify(error)
  } catch {
    json = ''
  }
  return [String(error), e?.message, e?.stack, json, inspect(error, { depth: 12, showHidden: true }), ...everyStringIn(error)].join('\n')
}

describe('no token, assertion or key leaks from the SDK (msw on the TT02 hosts)', () => {
  let running: RunningInProcessMock
  const secrets = new Set<string>()
  const logged: string[] = []
  const logger: Logger = {
    debug: (message, fields) => logged.push(message, JSON.stringify(fields ?? {})),
    warn: (message, fields) => logged.push(message, JSON.stringify(fields ?? {})),
  }
  let privateJwk: Record<string, string>
  let clientId: string
  let kid: string

  /** A fetch that notes every assertion sent and every token received, so the test knows what to look for. */
  const recordingFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    const isGrant = new URL(url).pathname.endsWith('/token')
    if (isGrant && init?.body instanceof URLSearchParams) secrets.add(init.body.get('assertion')!)
    const response = await fetch(input, init)
    if (isGrant && response.ok) secrets.add(((await response.clone().json()) as { access_token: string }).access_token)
    if (new URL(url).pathname.endsWith('/exchange/maskinporten') && response.ok) secrets.add((await response.clone().text()).trim())
    return response
  }) as typeof fetch

  function aClient(overrides: { key?: unknown; scopesOk?: boolean } = {}): AltinnClient {
    return createAltinnClient({
      environment: 'tt02',
      maskinporten: { clientId, key: (overrides.key ?? privateJwk) as never, kid },
      fetch: recordingFetch,
      logger,
      retry: { baseDelayMs: 1, maxDelayMs: 2 },
    })
  }

  beforeAll(async () => {
    running = startInProcessMock({ urls: Environments.tt02 })
    const seed = (await call(platform, 'GET', '/__mock/seed')).body
    ;({ clientId, kid, privateJwk } = seed.maskinportenClients[0])
    // Every private member the seeded RSA key has (d, p, q, dp, dq, qi): none may show.
    const members = PRIVATE_JWK_MEMBERS.filter((member) => typeof privateJwk[member] === 'string')
    expect(members).toHaveLength(6)
    for (const member of members) secrets.add(privateJwk[member]!)
    secrets.add(createPrivateKey({ key: privateJwk as never, format: 'jwk' }).export({ type: 'pkcs8', format: 'pem' }) as string)
  })
  afterEach(() => running.server.resetHandlers())
  afterAll(() => running.close())

  /** Provoke an error; return it. */
  async function provoke(run: () => Promise<unknown>): Promise<unknown> {
    try {
      await run()
    } catch (e) {
      return e
    }
    throw new Error('expected the call to fail')
  }

  it('keeps every secret out of every error it can provoke and out of its log', async () => {
    const client = aClient()
    // Real tokens first, so that there is something to leak.
    const vendor = await client.tokens.vendor(['altinn:authentication/systemuser.request.write'])
    const exchanged = await client.tokens.vendor(['altinn:authentication/systemuser.request.read'], { exchange: true })
    secrets.add(vendor.accessToken).add(exchanged.accessToken)
    const { request } = await client.requests.create({ systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER, rights: [aRight()] })
    await call(platform, 'POST', `/__mock/requests/${request.id}/approve`, { body: {} })

    const errors: [string, unknown][] = []
    const add = async (name: string, run: () => Promise<unknown>) => errors.push([name, await provoke(run)])

    await add('problem AUTH-00011', () => client.requests.getByExternalRef({ systemId: '315889545_foreign', orgNo: CUSTOMER }))
    await add('already exists AUTH-00004', () => client.requests.create({ systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER, rights: [aRight()] }))
    await add('validation STD-00000', () => client.systemRegister.create({ id: '318882703_has space', name: {}, description: {} }))
    await add('MP-303', () => client.tokens.systemUser({ orgNo: SPRUDLENDE_HOFLIG_MAKE, scopes: ['skatteetaten:kravogbetalinger'] }))
    await add('invalid_scope', () => client.tokens.vendor(['altinn:portal/enduser']))
    await add('invalid key', () => aClient({ key: { ...privateJwk, n: 'AQAB' } }).tokens.vendor(['altinn:authentication/systemuser.request.read']))
    await add('redirect without secret', async () => client.buildRedirectUrl(RECEIPT_URL, { systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER }))

    // Servers that echo what they were sent: the SDK must not repeat it.
    running.server.use(
      http.get(`${platform}${A}/systemuser/request/vendor/:id`, ({ request: r }) =>
        HttpResponse.json(
          { type: 'urn:altinn:error:AUTH-00010', title: `No such request for ${r.headers.get('authorization')}`, status: 404, code: 'AUTH-00010', detail: `token=${r.headers.get('authorization')?.slice(7)}`, echoed: r.headers.get('authorization') },
          { status: 404, headers: { 'content-type': 'application/problem+json' } },
        ),
      ),
      http.get(`${platform}${A}/systemuser/request/vendor/bysystem/:systemId`, ({ request: r }) =>
        new HttpResponse(`Unauthorized: ${r.headers.get('authorization')}`, { status: 401, headers: { 'www-authenticate': `Bearer error="invalid_token", error_description="bad ${r.headers.get('authorization')}"` } }),
      ),
      http.get(`${platform}${A}/systemuser/request/vendor/agent/:id`, ({ request: r }) => HttpResponse.json({ id: 'x', status: r.headers.get('authorization') })),
      http.get(`${platform}${A}/systemuser/vendor/bysystem/:systemId`, () => HttpResponse.error()),
      http.get(`${platform}${A}/systemregister/vendor/:systemId`, () => new Promise<Response>(() => undefined)),
    )
    await add('echoing problem', () => client.requests.get(request.id))
    await add('echoing 401', () => client.requests.list(STANDARD_SYSTEM).toArray())
    await add('contract drift with the token in the wrong field', () => client.agentRequests.get(request.id))
    await add('network error', () => client.systemUsers.list(STANDARD_SYSTEM).toArray())
    await add('timeout', () => client.systemRegister.get(STANDARD_SYSTEM, { timeoutMs: 50 }))

    running.server.use(
      http.post(Environments.tt02.maskinportenIssuer + 'token', async ({ request: r }) => {
        const assertion = new URLSearchParams(await r.text()).get('assertion')!
        secrets.add(assertion)
        return HttpResponse.json({ error: 'invalid_grant', error_description: `Invalid assertion ${assertion}`, assertion }, { status: 400 })
      }),
    )
    await add('Maskinporten echoing the assertion', () => client.tokens.vendor(['altinn:authentication/systemregister.write'], { forceRefresh: true }))

    expect(errors.map(([name, e]) => [name, (e as Error).name])).toEqual([
      ['problem AUTH-00011', 'AltinnProblemError'],
      ['already exists AUTH-00004', 'SystemUserAlreadyExistsError'],
      ['validation STD-00000', 'AltinnProblemError'],
      ['MP-303', 'MaskinportenSystemUserNotFoundError'],
      ['invalid_scope', 'MaskinportenError'],
      ['invalid key', 'MaskinportenError'],
      ['redirect without secret', 'TypeError'],
      ['echoing problem', 'AltinnProblemError'],
      ['echoing 401', 'AltinnHttpError'],
      ['contract drift with the token in the wrong field', 'AltinnContractError'],
      ['network error', 'AltinnNetworkError'],
      ['timeout', 'AltinnTimeoutError'],
      ['Maskinporten echoing the assertion', 'MaskinportenError'],
    ])
    expect(secrets.size).toBeGreaterThan(8)
    const renderings = errors.map(([name, e]) => [name, everyRenderingOf(e)] as const)
    for (const secret of secrets) {
      for (const [name, text] of renderings) expect(text.includes(secret), `${name} leaks a secret`).toBe(false)
      // Even the signature part alone of a JWT is a leak.
      const signature = secret.split('.')[2]
      if (signature) for (const [name, text] of renderings) expect(text.includes(signature), `${name} leaks a signature`).toBe(false)
      expect(logged.join('\n').includes(secret)).toBe(false)
    }
    expect(logged.length).toBeGreaterThan(0)
  })

  it('redacts the opaque tokens a client handled from its own errors, and shares none of them with another client', async () => {
    // Opaque tokens look like nothing in particular: only the client that handled one knows to redact it.
    const tokenOfA = 'opaque-token-of-smartcloud-a-7f3e9c'
    const tokenOfB = 'opaque-token-of-smartcloud-b-41d2aa'
    const clientA = createAltinnClient({ environment: 'tt02', accessToken: () => tokenOfA, retry: { limit: 0 } })
    const clientB = createAltinnClient({ environment: 'tt02', accessToken: () => tokenOfB, retry: { limit: 0 } })
    // A server that echoes the caller's token, and, mixing up its callers, the other client's too.
    running.server.use(
      http.get(`${platform}${A}/systemuser/request/vendor/:id`, ({ request: r }) =>
        new HttpResponse(`caller ${r.headers.get('authorization')?.slice('Bearer '.length)}; seen before: ${tokenOfA} ${tokenOfB}`, { status: 400 }),
      ),
    )

    const fromA = await provoke(() => clientA.requests.get('505f8488-3d48-4c15-8e21-35cb9432f815'))
    const fromB = await provoke(() => clientB.requests.get('505f8488-3d48-4c15-8e21-35cb9432f815'))

    expect(fromA).toMatchObject({ name: 'AltinnHttpError', status: 400, bodyText: `caller [redacted]; seen before: [redacted] ${tokenOfB}` })
    expect(fromB).toMatchObject({ name: 'AltinnHttpError', status: 400, bodyText: `caller [redacted]; seen before: ${tokenOfA} [redacted]` })
    expect(everyRenderingOf(fromA)).not.toContain(tokenOfA)
    expect(everyRenderingOf(fromB)).not.toContain(tokenOfB)
  })
})
