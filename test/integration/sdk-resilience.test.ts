import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { http, HttpResponse } from 'msw'
import {
  AltinnContractError,
  AltinnError,
  AltinnHttpError,
  AltinnNetworkError,
  AltinnTimeoutError,
  Environments,
  createAltinnClient,
  isAltinnProblem,
  type AltinnClient,
  type AltinnClientOptions,
} from '../../sdk/index.ts'
import { startInProcessMock, type RunningInProcessMock } from '../../mock-server/msw.ts'
import { A, vendorToken } from '../support/api.ts'
import { transports, useMock } from '../support/transports.ts'
import { aClient, approve, mockOptionsFor } from '../support/sdk-client.ts'
import { CUSTOMER, SMARTCLOUD, STANDARD_SYSTEM } from '../../mock-server/seed/personas.ts'
import { aStandardRequest } from '../support/builders.ts'


interface Seen {
  method: string
  path: string
}

/**
 * A fetch in front of the real one that fails chosen calls the way networks do: the answer lost after the call
 * landed, the call never sent, or no answer at all until the caller gives up.
 */
function faultyFetch(rules: { when: (s: Seen) => boolean; fault: 'lost-answer' | 'never-sent' | 'hang'; times?: number }[]) {
  const seen: Seen[] = []
  const counts = rules.map(() => 0)
  const faulty = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init)
    const s = { method: request.method, path: new URL(request.url).pathname }
    seen.push(s)
    const i = rules.findIndex((r, n) => r.when(s) && counts[n]! < (r.times ?? 1))
    if (i === -1) return fetch(input, init)
    counts[i]!++
    const rule = rules[i]!
    if (rule.fault === 'never-sent') throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') })
    const response = await fetch(input, init)
    void response.body?.cancel().catch(() => undefined)
    if (rule.fault === 'lost-answer') throw new TypeError('fetch failed', { cause: new Error('socket hang up') })
    return new Promise<Response>((_, reject) => {
      const signal = request.signal
      if (signal.aborted) reject(signal.reason)
      signal.addEventListener('abort', () => reject(signal.reason), { once: true })
    })
  }) as typeof fetch
  return { fetch: faulty, seen }
}

const isCreate = (s: Seen) => s.method === 'POST' && s.path === `${A}/systemuser/request/vendor`

describe.each(transports)('the SDK when the network fails, over %s', (transport) => {
  const t = useMock(transport, mockOptionsFor(transport))
  const storedRequests = () => [...t.mock.store.requests.values()].filter((r) => !r.isDeleted)

  it('resumes a create whose answer was lost by looking the request up, without posting again', async () => {
    const net = faultyFetch([{ when: isCreate, fault: 'lost-answer' }])
    const client = aClient(transport, t, { fetch: net.fetch })

    const result = await client.requests.create(aStandardRequest())

    expect(result).toMatchObject({ created: false, resumed: true, request: { systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER, status: 'New' } })
    expect(net.seen.filter(isCreate)).toHaveLength(1)
    expect(storedRequests().map((r) => r.id)).toEqual([result.request.id])
  })

  it('resumes a create that ran out of time the same way', async () => {
    const net = faultyFetch([{ when: isCreate, fault: 'hang' }])
    const client = aClient(transport, t, { fetch: net.fetch })

    const result = await client.requests.create(aStandardRequest({ externalRef: 'slow-1' }), { timeoutMs: 1_500 })

    expect(result).toMatchObject({ created: false, resumed: true, request: { externalRef: 'slow-1' } })
    expect(net.seen.filter(isCreate)).toHaveLength(1)
  })

  it('throws the transport error when the create never reached Altinn, and a second create is then safe', async () => {
    const net = faultyFetch([{ when: isCreate, fault: 'never-sent' }])
    const client = aClient(transport, t, { fetch: net.fetch })

    const error = await client.requests.create(aStandardRequest()).catch((e: unknown) => e)
    const none = storedRequests().length
    const second = await client.requests.create(aStandardRequest())

    expect(error).toBeInstanceOf(AltinnNetworkError)
    expect(error).toMatchObject({ method: 'POST', attempts: 1 })
    expect(net.seen.filter(isCreate)).toHaveLength(2)
    expect(none).toBe(0)
    expect(second.created).toBe(true)
  })

  it('retries a GET that failed in transit and succeeds', async () => {
    const client0 = aClient(transport, t)
    const { request } = await client0.requests.create(aStandardRequest())
    const isGet = (s: Seen) => s.method === 'GET' && s.path.endsWith(request.id)
    const net = faultyFetch([{ when: isGet, fault: 'never-sent', times: 2 }])
    const client = aClient(transport, t, { fetch: net.fetch })

    const read = await client.requests.get(request.id)

    expect(read.id).toBe(request.id)
    expect(net.seen.filter(isGet)).toHaveLength(3)
  })

  it('counts a retried DELETE that finds the request gone (AUTH-00010) as done', async () => {
    const client0 = aClient(transport, t)
    const { request } = await client0.requests.create(aStandardRequest())
    const isDelete = (s: Seen) => s.method === 'DELETE'
    const net = faultyFetch([{ when: isDelete, fault: 'lost-answer' }])
    const client = aClient(transport, t, { fetch: net.fetch })

    await client.requests.delete(request.id)

    expect(net.seen.filter(isDelete)).toHaveLength(2)
    expect(storedRequests()).toEqual([])
    expect(isAltinnProblem(await client.requests.delete(request.id).catch((e: unknown) => e), 'AUTH-00010')).toBe(true)
  })

  it('rejects with the signal’s reason when the caller aborts a call', async () => {
    const net = faultyFetch([{ when: (s) => s.method === 'GET', fault: 'hang' }])
    const client = aClient(transport, t, { fetch: net.fetch })
    const controller = new AbortController()
    const reason = new Error('the user closed the page')

    const pending = client.requests.get('9a3f6a54-7d4e-4b1e-8d53-0b1f0c3a2b11', { signal: controller.signal })
    setTimeout(() => controller.abort(reason), 20)

    await expect(pending).rejects.toBe(reason)
  })

  it('throws AltinnTimeoutError when a call outlives its timeoutMs', async () => {
    const net = faultyFetch([{ when: (s) => s.method === 'GET', fault: 'hang', times: 10 }])
    const client = aClient(transport, t, { fetch: net.fetch })

    const error = await client.requests.get('9a3f6a54-7d4e-4b1e-8d53-0b1f0c3a2b11', { timeoutMs: 100 }).catch((e: unknown) => e)

    expect(error).toBeInstanceOf(AltinnTimeoutError)
    expect(error).toMatchObject({ timeoutMs: 100 })
  })

  it('ends waitForDecision on its own deadline with the last request it saw', async () => {
    const client = aClient(transport, t)
    const { request } = await client.requests.create(aStandardRequest())

    const error = await client.requests.waitForDecision(request, { intervalMs: 10, timeoutMs: 150 }).catch((e: unknown) => e)

    expect(error).toBeInstanceOf(AltinnTimeoutError)
    expect(error).toMatchObject({ operation: 'waitForDecision', timeoutMs: 150, lastRequest: { id: request.id, status: 'New' } })
  })

  it('ends waitForDecision with the signal’s reason when the caller aborts', async () => {
    const client = aClient(transport, t)
    const { request } = await client.requests.create(aStandardRequest())
    const controller = new AbortController()

    const pending = client.requests.waitForDecision(request, { intervalMs: 10, signal: controller.signal, onPoll: (e) => e.attempt === 2 && controller.abort('shutting down') })

    await expect(pending).rejects.toBe('shutting down')
  })

  it('rides out transport failures between polls and resolves once the request is decided', async () => {
    const client0 = aClient(transport, t)
    const { request } = await client0.requests.create(aStandardRequest())
    const net = faultyFetch([{ when: (s) => s.method === 'GET' && s.path.endsWith(request.id), fault: 'never-sent', times: 3 }])
    const client = aClient(transport, t, { fetch: net.fetch })
    const errors: unknown[] = []

    const decided = await client.requests.waitForDecision(request, {
      intervalMs: 5,
      onPoll: (e) => {
        if (e.error) errors.push(e.error)
        if (e.attempt === 4) void approve(t, request.id)
      },
    })

    expect(decided.status).toBe('Accepted')
    expect(errors.length).toBeGreaterThanOrEqual(3)
    expect(errors.every((e) => e instanceof AltinnNetworkError)).toBe(true)
  })
})

describe('the SDK against answers Altinn should not give (msw on the TT02 hosts)', () => {
  let running: RunningInProcessMock
  const platform = Environments.tt02.platformUrl
  beforeAll(() => {
    running = startInProcessMock({ urls: Environments.tt02 })
  })
  afterEach(() => {
    running.server.resetHandlers()
    running.mock.reset()
  })
  afterAll(() => running.close())

  function aTt02Client(overrides: Partial<AltinnClientOptions> = {}): AltinnClient {
    return createAltinnClient({
      environment: 'tt02',
      accessToken: ({ scopes }) => vendorToken(platform, SMARTCLOUD, scopes.join(' ')),
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
      ...overrides,
    })
  }

  /** Answer the first `times` matching calls with `respond`, then let the mock answer. */
  function failFirst(method: 'get' | 'post' | 'delete', path: string, times: number, respond: () => Response) {
    const counter = { calls: 0 }
    running.server.use(
      http[method](`${platform}${path}`, () => {
        counter.calls++
        return counter.calls <= times ? respond() : undefined
      }),
    )
    return counter
  }

  async function aRequest(client: AltinnClient) {
    return (await client.requests.create(aStandardRequest())).request
  }

  it('retries a GET after 503 and 429 and then succeeds', async () => {
    const client = aTt02Client()
    const request = await aRequest(client)
    let n = 0
    const counter = failFirst('get', `${A}/systemuser/request/vendor/:id`, 2, () => (n++ === 0 ? new HttpResponse(null, { status: 503 }) : new HttpResponse(null, { status: 429 })))

    const read = await client.requests.get(request.id)

    expect(read.id).toBe(request.id)
    expect(counter.calls).toBe(3)
  })

  it('waits as long as Retry-After says instead of its own backoff', async () => {
    // A backoff of a minute would outlast the test; Retry-After: 0 says "now".
    const client = aTt02Client({ retry: { baseDelayMs: 60_000, maxDelayMs: 60_000 } })
    const request = await aRequest(client)
    const counter = failFirst('get', `${A}/systemuser/request/vendor/:id`, 1, () => new HttpResponse(null, { status: 503, headers: { 'retry-after': '0' } }))

    await expect(client.requests.get(request.id)).resolves.toMatchObject({ id: request.id })
    expect(counter.calls).toBe(2)
  })

  it('does not wait out a Retry-After longer than allowed: it fails at once and says how long', async () => {
    const client = aTt02Client({ retry: { maxRetryAfterMs: 1_000 } })
    const request = await aRequest(client)
    const counter = failFirst('get', `${A}/systemuser/request/vendor/:id`, 1, () => new HttpResponse(null, { status: 503, headers: { 'retry-after': '120' } }))

    const error = await client.requests.get(request.id).catch((e: unknown) => e)

    expect(error).toBeInstanceOf(AltinnHttpError)
    expect(error).toMatchObject({ status: 503, retryAfterSeconds: 120, attempts: 1 })
    expect(counter.calls).toBe(1)
  })

  it('never retries a POST that answered 503', async () => {
    const client = aTt02Client()
    const counter = failFirst('post', `${A}/systemuser/request/vendor`, 5, () => new HttpResponse(null, { status: 503, headers: { 'retry-after': '0' } }))

    const error = await client.requests.create(aStandardRequest()).catch((e: unknown) => e)

    expect(error).toBeInstanceOf(AltinnHttpError)
    expect(error).toMatchObject({ status: 503, method: 'POST', attempts: 1 })
    expect(counter.calls).toBe(1)
  })

  it('rides out a 503 with Retry-After while waiting for the decision', async () => {
    const client = aTt02Client()
    const request = await aRequest(client)
    failFirst('get', `${A}/systemuser/request/vendor/:id`, 2, () => new HttpResponse(null, { status: 503, headers: { 'retry-after': '0' } }))
    const seen: string[] = []

    const decided = await client.requests.waitForDecision(request, {
      intervalMs: 5,
      onPoll: (e) => {
        seen.push(e.error ? `error ${(e.error as AltinnHttpError).status}` : String(e.value?.status))
        if (seen.length === 3) void approve({ baseUrl: platform } as never, request.id)
      },
    })

    expect(decided.status).toBe('Accepted')
    expect(seen.slice(0, 2)).toEqual(['error 503', 'error 503'])
  })

  it('reports a response with a wrong type as AltinnContractError, naming the field', async () => {
    const client = aTt02Client()
    const request = await aRequest(client)
    running.server.use(http.get(`${platform}${A}/systemuser/request/vendor/:id`, () => HttpResponse.json({ ...request, status: 42 })))

    const error = await client.requests.get(request.id).catch((e: unknown) => e)

    expect(error).toBeInstanceOf(AltinnContractError)
    expect((error as AltinnContractError).issues.map((i) => i.path.join('.'))).toEqual(['status'])
    expect((error as AltinnContractError).message).toContain('status')
  })

  it('accepts a response with fields it does not know (a tolerant reader)', async () => {
    const client = aTt02Client()
    const request = await aRequest(client)
    running.server.use(http.get(`${platform}${A}/systemuser/request/vendor/:id`, () => HttpResponse.json({ ...request, brandNewField: { nested: true } })))

    await expect(client.requests.get(request.id)).resolves.toMatchObject({ id: request.id, status: 'New' })
  })

  it('reports a body that is not JSON as AltinnContractError', async () => {
    const client = aTt02Client()
    running.server.use(http.get(`${platform}${A}/systemuser/request/vendor/:id`, () => new HttpResponse('<html>gateway</html>', { status: 200, headers: { 'content-type': 'text/html' } })))

    await expect(client.requests.get('9a3f6a54-7d4e-4b1e-8d53-0b1f0c3a2b11')).rejects.toBeInstanceOf(AltinnContractError)
  })

  it('does not follow links.next to another host, and never sends the token there', async () => {
    const client = aTt02Client()
    const foreign = { calls: 0 }
    running.server.use(
      http.get(`${platform}${A}/systemuser/request/vendor/bysystem/:systemId`, () =>
        HttpResponse.json({ links: { next: 'https://attacker.example/collect?token=abc' }, data: [] }),
      ),
      http.get('https://attacker.example/collect', () => {
        foreign.calls++
        return HttpResponse.json({ links: {}, data: [] })
      }),
    )

    const error = await client.requests.list(STANDARD_SYSTEM).toArray().catch((e: unknown) => e)

    expect(error).toBeInstanceOf(AltinnContractError)
    expect((error as Error).message).toContain('https://attacker.example')
    expect(foreign.calls).toBe(0)
  })

  it('does not hand out a confirmUrl that points away from the portal of the environment', async () => {
    const client = aTt02Client()
    const request = await aRequest(client)
    running.server.use(http.get(`${platform}${A}/systemuser/request/vendor/:id`, () => HttpResponse.json({ ...request, confirmUrl: `https://am.ui.evil.example/accessmanagement/ui/systemuser/request?id=${request.id}` })))

    const error = await client.requests.get(request.id).catch((e: unknown) => e)

    expect(error).toBeInstanceOf(AltinnContractError)
    expect((error as Error).message).toContain('https://am.ui.evil.example')
  })

  it("treats Altinn's bodiless 400 on deleting a system as done when the system reads as deleted", async () => {
    const client = aTt02Client()
    const systemId = `${SMARTCLOUD}_smartcloud`
    let deleted = false
    running.server.use(
      http.delete(`${platform}${A}/systemregister/vendor/:systemId`, () => {
        deleted = true
        return new HttpResponse(null, { status: 400 })
      }),
      http.get(`${platform}${A}/systemregister/vendor/:systemId`, async () => {
        const system = running.mock.store.systems.get(systemId)!
        return HttpResponse.json({ id: system.id, vendor: { ID: `0192:${SMARTCLOUD}` }, name: system.name, description: system.description, rights: [], accessPackages: [], isDeleted: deleted, clientId: [], isVisible: true, allowedRedirectUrls: [] })
      }),
    )

    await expect(client.systemRegister.delete(systemId)).resolves.toBeUndefined()
  })

  it('reports a 401 with why the token was refused, from WWW-Authenticate', async () => {
    const client = aTt02Client({ accessToken: () => 'not-a-valid-token-at-all' })

    const error = await client.requests.get('9a3f6a54-7d4e-4b1e-8d53-0b1f0c3a2b11').catch((e: unknown) => e)

    expect(error).toBeInstanceOf(AltinnHttpError)
    expect(error).toBeInstanceOf(AltinnError)
    expect(error).toMatchObject({ status: 401 })
    expect((error as AltinnHttpError).wwwAuthenticate).toMatch(/^Bearer/)
  })
})
