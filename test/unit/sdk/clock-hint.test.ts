/**
 * MP-100 is Maskinporten's code for every failed client authentication; when the refusal is about time, the
 * MaskinportenError's check points at the clocks instead of the client id and key.
 */
import { describe, expect, it } from 'vitest'
import { MaskinportenError } from '../../../sdk/errors/index.ts'

const refused = (errorDescription: string) => new MaskinportenError({ error: 'invalid_grant', errorDescription, status: 400, clientId: 'a-client' })

describe("MaskinportenError's checks for MP-100", () => {
  it('says how far apart the clocks are, and how to put the mock\'s back, when the description names both instants', () => {
    const e = refused(
      "Invalid assertion. Client authentication failed. The JWT has expired (exp): Maskinporten's time is 2027-05-29T08:14:29Z, the JWT's iat 2026-11-29T08:14:29Z and exp 2026-11-29T08:15:29Z; the clocks differ by 181 days. (MP-100)",
    )
    expect(e.mpCode).toBe('MP-100')
    expect(e.checks).toEqual([
      "the clocks: Maskinporten's clock is 181 days ahead of this client's (Maskinporten's time 2027-05-29T08:14:29Z, the assertion's iat 2026-11-29T08:14:29Z). " +
        'Against the mock, its clock was most likely moved: GET /__mock/clock shows it and POST /__mock/clock {"reset": true} puts it back; ' +
        "against Maskinporten, set this machine's clock right (NTP).",
    ])
    expect(e.message).toContain("Check: the clocks: Maskinporten's clock is 181 days ahead")
  })

  it('says behind when Maskinporten is behind the client', () => {
    const e = refused(
      "Invalid assertion. Client authentication failed. JWT claim iat is in the future (more than 10 seconds ahead of Maskinporten's clock): Maskinporten's time is 2026-11-29T05:00:00Z, the JWT's iat 2026-11-29T08:00:00Z and exp 2026-11-29T08:01:00Z; the clocks differ by 3 hours. (MP-100)",
    )
    expect(e.checks[0]).toMatch(/^the clocks: Maskinporten's clock is 3 hours behind this client's/)
  })

  it("points at this machine's clock when a time refusal names no instants (Maskinporten's own wording)", () => {
    const e = refused('Invalid assertion. Client authentication failed. Expired JWT (MP-100)')
    expect(e.checks).toEqual([
      "this machine's clock (or the client's now option): the assertion's iat and exp come from it and must agree with Maskinporten's within 10 seconds; against the mock, GET /__mock/clock shows whether its clock was moved.",
    ])
  })

  it('names the client id, kid and key when the refusal is not about time; a merely late assertion still points at the clock', () => {
    const key = ['the client id, the key id (kid) and that the key is the one registered on the Maskinporten client.']
    expect(refused('Invalid assertion. Client authentication failed. Invalid signature: the JWT is not signed by the key registered with this kid. (MP-100)').checks).toEqual(key)
    const late = refused(
      "Invalid assertion. Client authentication failed. The JWT has expired (exp): Maskinporten's time is 2026-11-29T08:02:00Z, the JWT's iat 2026-11-29T08:00:00Z and exp 2026-11-29T08:01:00Z. (MP-100)",
    )
    expect(late.checks[0]).toMatch(/^this machine's clock/)
  })
})
