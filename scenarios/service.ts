/**
 * Calling the demo service "Krav og betalinger" with a system-user token, as SmartCloud's back end would.
 */
import { TaxClaimsResponseSchema, type EnvironmentUrls, type TaxClaimsResponse } from 'altinn-systemuser-sdk/contract'
import { expectThat } from './define.ts'

export interface ServiceAnswer {
  status: number
  claims?: TaxClaimsResponse
  reason?: string
}

/** `GET /service/krav-og-betalinger/{orgNo}` with the token. */
export async function readTaxClaims(urls: EnvironmentUrls, accessToken: string, orgNo: string): Promise<ServiceAnswer> {
  const res = await fetch(`${urls.platformUrl}/service/krav-og-betalinger/${encodeURIComponent(orgNo)}`, { headers: { authorization: `Bearer ${accessToken}` } })
  const body = (await res.json().catch(() => undefined)) as { reason?: string } | undefined
  if (res.status === 200) return { status: 200, claims: TaxClaimsResponseSchema.parse(body) }
  return { status: res.status, ...(body?.reason ? { reason: body.reason } : {}) }
}

/** Expect the organisation's claims: 200, the right organisation, at least one claim, and a total that adds up. */
export function expectClaims(answer: ServiceAnswer, orgNo: string): TaxClaimsResponse {
  expectThat(answer.status === 200 && answer.claims, `expected the claims of ${orgNo}, got ${answer.status}${answer.reason ? `: ${answer.reason}` : ''}`)
  const { claims } = answer
  expectThat(claims.orgNo === orgNo, `expected claims for ${orgNo}, got ${claims.orgNo}`)
  expectThat(claims.claims.length > 0, 'expected at least one claim')
  const sum = Math.round(claims.claims.reduce((a, c) => a + c.amount, 0) * 100) / 100
  expectThat(Math.abs(sum - claims.total) < 0.005, `expected the total ${claims.total} to be the sum of the claims (${sum})`)
  return claims
}

/** Expect a refusal (403) with the service's reason. */
export function expectRefused(answer: ServiceAnswer, why: string): string {
  expectThat(answer.status === 403, `expected 403 (${why}), got ${answer.status}`)
  return answer.reason ?? ''
}
