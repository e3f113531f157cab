// The vendor's standard flow, shared by flow.mjs (the packages loaded with import) and flow.cjs (with require):
// create a request, STADIG KONSERT approves through the control API, wait for the decision, a system-user token, the
// tax claims, and a second request by hand for its Location header. Returns what it saw, with every URL the mock
// handed out and those that do not start with `expectedPrefix`.
// MOCK_ALTINN_CONTROL_TOKEN is sent to the control API when set.
module.exports = async function runFlow({ createAltinnClient, mockEnvironment, Routes }, base, expectedPrefix = base) {
  const control = process.env.MOCK_ALTINN_CONTROL_TOKEN ? { 'x-mock-control-token': process.env.MOCK_ALTINN_CONTROL_TOKEN } : {}
  const urls = {}

  const metadata = await (await fetch(`${base}/maskinporten/.well-known/oauth-authorization-server`)).json()
  Object.assign(urls, { issuer: metadata.issuer, jwks_uri: metadata.jwks_uri, token_endpoint: metadata.token_endpoint })

  const seed = await (await fetch(`${base}/__mock/seed`, { headers: control })).json()
  const smartcloud = seed.maskinportenClients.find((c) => c.orgNo === '318882703')
  const client = createAltinnClient({
    environment: mockEnvironment(base),
    maskinporten: { clientId: smartcloud.clientId, kid: smartcloud.kid, key: smartcloud.privateJwk },
  })

  const customer = '312091437' // TILFELDIG SUBTIL APE
  const externalRef = `flow-${process.pid}-${Date.now()}`
  const { request } = await client.requests.create({
    systemId: '318882703_smartcloud',
    partyOrgNo: customer,
    externalRef,
    rights: [{ resource: [{ id: 'urn:altinn:resource', value: 'ske-krav-og-betalinger' }] }],
  })
  urls.confirmUrl = request.confirmUrl

  // STADIG KONSERT, daglig leder of the customer, approves (the control API checks the portal's rights).
  const approved = await fetch(`${base}/__mock/requests/${request.id}/approve`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...control },
    body: JSON.stringify({ pid: '03827150095' }),
  })
  if (!approved.ok) throw new Error(`approve answered ${approved.status}: ${await approved.text()}`)
  const decided = await client.requests.waitForDecision(request, { intervalMs: 50, timeoutMs: 10_000 })

  const { accessToken } = await client.tokens.systemUser({ orgNo: customer, externalRef, scopes: ['skatteetaten:kravogbetalinger'] })
  urls.tokenIssuer = JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString()).iss
  const claims = await (await fetch(`${base}/service/krav-og-betalinger/${customer}`, { headers: { authorization: `Bearer ${accessToken}` } })).json()

  // A second request, created by hand, for its Location header.
  const { accessToken: vendorToken } = await client.tokens.vendor(['altinn:authentication/systemuser.request.write'])
  const created = await fetch(`${base}${Routes.createRequest.path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${vendorToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ systemId: '318882703_smartcloud', partyOrgNo: customer, externalRef: `location-${process.pid}-${Date.now()}`, rights: [{ resource: [{ id: 'urn:altinn:resource', value: 'ske-krav-og-betalinger' }] }] }),
  })
  urls.location = created.headers.get('location')

  const offPrefix = Object.entries(urls).filter(([, url]) => typeof url !== 'string' || !url.startsWith(expectedPrefix))
  return { node: process.version, status: decided.status, claims: claims.claims.length, urls, offPrefix }
}
