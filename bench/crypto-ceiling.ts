/**
 * The crypto ceiling of the JWT-bearer grant: what the grant cannot avoid, done with the same library and keys
 * as the mock (jose; the seeded client's RS256 key for the assertion, the mock Maskinporten's for the token),
 * and nothing else: verify the assertion's RS256 signature, sign an access token with RS256. Runs `concurrency`
 * of these at once, as many callers would, for `seconds`. Prints one JSON line.
 *
 * @example
 * ```sh
 * node --import tsx bench/crypto-ceiling.ts --seconds 3 --concurrency 10
 * ```
 */
import { createPrivateKey, createPublicKey, randomUUID, type KeyObject } from 'node:crypto'
import { parseArgs } from 'node:util'
import { compactVerify, SignJWT } from 'jose'
import { loadDefaultSeed } from '../mock-server/seed/index.ts'
import { SMARTCLOUD, STANDARD_CLIENT_ID } from '../mock-server/seed/personas.ts'
import { signClientAssertion, signingClientOf } from '../test/support/client-assertion.ts'

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '3' }, concurrency: { type: 'string', default: '10' } } })
const seconds = Number(values.seconds)
const concurrency = Number(values.concurrency)

const seed = loadDefaultSeed()
const client = signingClientOf(seed.maskinportenClients.find((c) => c.clientId === STANDARD_CLIENT_ID)!)
const clientPublic = createPublicKey(client.privateKey as KeyObject)
const issuerKey = createPrivateKey({ key: seed.keys.maskinporten as import('node:crypto').JsonWebKey, format: 'jwk' })
const issuer = 'http://127.0.0.1:5101/maskinporten/'

const now = Math.floor(Date.now() / 1000)
const assertions = await Promise.all(Array.from({ length: 64 }, () => signClientAssertion(client, issuer, now, { lifetime: 120 })))

/** One grant's unavoidable work: verify the assertion, sign a Maskinporten-shaped token. */
async function verifyAndSign(i: number): Promise<void> {
  await compactVerify(assertions[i % assertions.length]!, clientPublic, { algorithms: ['RS256'] })
  const t = Math.floor(Date.now() / 1000)
  await new SignJWT({
    scope: 'skatteetaten:kravogbetalinger',
    iss: issuer,
    client_amr: 'private_key_jwt',
    token_type: 'Bearer',
    exp: t + 599,
    iat: t,
    client_id: STANDARD_CLIENT_ID,
    jti: randomUUID(),
    consumer: { authority: 'iso6523-actorid-upis', ID: `0192:${SMARTCLOUD}` },
  })
    .setProtectedHeader({ alg: 'RS256', kid: 'mock-maskinporten', typ: 'JWT' })
    .sign(issuerKey)
}

async function run(forSeconds: number): Promise<number> {
  let done = 0
  const started = performance.now()
  const deadline = started + forSeconds * 1000
  async function loop(): Promise<void> {
    while (performance.now() < deadline) await verifyAndSign(done++)
  }
  await Promise.all(Array.from({ length: concurrency }, loop))
  return done / ((performance.now() - started) / 1000)
}

await run(Math.min(1, seconds)) // warm-up
console.log(JSON.stringify({ perSecond: await run(seconds), concurrency }))
