import { describe, expect, it } from 'vitest'
import { RedirectStateError } from '../../../sdk/errors/index.ts'
import { buildRedirectUrl, handleRedirect, signRedirectState, verifyRedirectState, type RedirectLookups } from '../../../sdk/redirect.ts'
import { CUSTOMER, RECEIPT_URL, STADIG_KONSERT, STANDARD_SYSTEM } from '../../../mock-server/seed/personas.ts'

const secret = 'unit-test-secret-that-is-32-bytes-long'
const aState = (overrides: Record<string, unknown> = {}) => ({ systemId: STANDARD_SYSTEM, partyOrgNo: CUSTOMER, ...overrides })

function failureOf(run: () => unknown): RedirectStateError {
  try {
    run()
  } catch (e) {
    if (e instanceof RedirectStateError) return e
    throw e
  }
  throw new Error('expected a RedirectStateError')
}

describe('the signed redirect state', () => {
  it('round-trips what names the request, and a reference of the vendor', () => {
    const token = signRedirectState(aState({ kind: 'agent', externalRef: 'firm-1', ref: 'session-9' }), { secret, now: () => 1_800_000_000_000 })

    expect(verifyRedirectState(token, { secret, now: () => 1_800_000_060_000 })).toEqual({
      kind: 'agent',
      systemId: STANDARD_SYSTEM,
      partyOrgNo: CUSTOMER,
      externalRef: 'firm-1',
      ref: 'session-9',
      issuedAt: new Date(1_800_000_000_000),
    })
  })

  it('differs every time, even for the same request', () => {
    expect(signRedirectState(aState(), { secret })).not.toBe(signRedirectState(aState(), { secret }))
  })

  it('refuses a state signed with another secret, or altered in any character', () => {
    const token = signRedirectState(aState(), { secret })
    const [v, payload, mac] = token.split('.') as [string, string, string]
    const forgedPayload = Buffer.from(JSON.stringify({ k: 's', s: '315889545_other', o: CUSTOMER, t: 1, n: 'x' })).toString('base64url')

    expect(failureOf(() => verifyRedirectState(token, { secret: 'another-secret-that-is-32-bytes-long' })).reason).toBe('signature')
    expect(failureOf(() => verifyRedirectState(`${v}.${forgedPayload}.${mac}`, { secret })).reason).toBe('signature')
    expect(failureOf(() => verifyRedirectState(`${v}.${payload}.${mac.slice(0, -2)}AA`, { secret })).reason).toBe('signature')
  })

  it('refuses a missing, malformed or expired state', () => {
    const old = signRedirectState(aState(), { secret, now: () => 0 })

    expect(failureOf(() => verifyRedirectState('', { secret })).reason).toBe('missing')
    expect(failureOf(() => verifyRedirectState('not-ours', { secret })).reason).toBe('malformed')
    expect(failureOf(() => verifyRedirectState(`v2.${old.split('.').slice(1).join('.')}`, { secret })).reason).toBe('malformed')
    expect(failureOf(() => verifyRedirectState(old, { secret, maxAgeMs: 1_000, now: () => 2_000 })).reason).toBe('expired')
  })

  it('refuses a secret shorter than 32 bytes', () => {
    expect(() => signRedirectState(aState(), { secret: 'short' })).toThrow(TypeError)
  })

  it('carries no personal data: only the system, the organisation, the external reference and a nonce', () => {
    const token = signRedirectState(aState(), { secret, now: () => 1_800_000_000_000 })
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>

    expect(Object.keys(payload).sort()).toEqual(['k', 'n', 'o', 's', 't'])
  })
})

describe('buildRedirectUrl', () => {
  it('keeps the allowed URL and its query, and adds the state', () => {
    const url = new URL(buildRedirectUrl(`${RECEIPT_URL}?lang=nb`, aState(), { secret }))

    expect(`${url.origin}${url.pathname}`).toBe(RECEIPT_URL)
    expect(url.searchParams.get('lang')).toBe('nb')
    expect(verifyRedirectState(url.searchParams.get('state')!, { secret }).systemId).toBe(STANDARD_SYSTEM)
  })

  it('refuses what Altinn would refuse or what would clash', () => {
    expect(() => buildRedirectUrl('http://smartcloud.example/receipt', aState(), { secret })).toThrow(/https/)
    expect(() => buildRedirectUrl('/receipt', aState(), { secret })).toThrow(TypeError)
    expect(() => buildRedirectUrl(`${RECEIPT_URL}?state=x`, aState(), { secret })).toThrow(/state/)
    expect(() => buildRedirectUrl(RECEIPT_URL, aState({ partyOrgNo: STADIG_KONSERT }), { secret })).toThrow(/nine-digit/)
  })
})

describe('handleRedirect', () => {
  const lookups = (status: string): RedirectLookups & { asked: unknown[] } => {
    const asked: unknown[] = []
    return {
      asked,
      standard: async (lookup) => (asked.push(['standard', lookup]), { id: 'r1', status } as never),
      agent: async (lookup) => (asked.push(['agent', lookup]), { id: 'a1', status } as never),
    }
  }

  it('reads the status from the API, whatever the URL claims', async () => {
    const url = `${buildRedirectUrl('https://smartcloud.example/receipt', aState({ ref: 'r' }), { secret })}&status=Accepted`
    const api = lookups('Rejected')

    const outcome = await handleRedirect(url, { secret }, api)

    expect(outcome).toMatchObject({ kind: 'standard', ref: 'r', request: { status: 'Rejected' } })
    expect(api.asked).toEqual([['standard', { systemId: STANDARD_SYSTEM, orgNo: CUSTOMER }]])
  })

  it('looks an agent request up with its external reference', async () => {
    const url = buildRedirectUrl(RECEIPT_URL, aState({ kind: 'agent', externalRef: 'firm-1' }), { secret })
    const api = lookups('New')

    await handleRedirect(url, { secret }, api)

    expect(api.asked).toEqual([['agent', { systemId: STANDARD_SYSTEM, orgNo: CUSTOMER, externalRef: 'firm-1' }]])
  })

  it('accepts the path and query alone, as a server sees req.url', async () => {
    const full = new URL(buildRedirectUrl(RECEIPT_URL, aState(), { secret }))

    await expect(handleRedirect(`${full.pathname}${full.search}`, { secret }, lookups('Accepted'))).resolves.toMatchObject({ request: { status: 'Accepted' } })
  })

  it('asks the API nothing when the state is forged', async () => {
    const api = lookups('Accepted')

    await expect(handleRedirect(`${RECEIPT_URL}?state=v1.e30.AAAA`, { secret }, api)).rejects.toBeInstanceOf(RedirectStateError)
    expect(api.asked).toEqual([])
  })
})
