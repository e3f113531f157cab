import { describe, expect, it } from 'vitest'
import { createHostCheck, isAllAddresses, isAllowedHostEntry, isLoopbackHost, parseHostHeader } from '../../../mock-server/http/host-check.ts'
import { createControlTokenGuard, isControlApiPath } from '../../../mock-server/http/control-token.ts'
import type { RouteRequest } from '../../../mock-server/kit/types.ts'

describe('reading a Host header', () => {
  it('reads a name, an IPv4 or a bracketed IPv6 address with an optional port, in lower case', () => {
    expect(parseHostHeader('Mock-Altinn:5101')).toEqual({ host: 'mock-altinn:5101', hostname: 'mock-altinn', port: 5101 })
    expect(parseHostHeader('mock_altinn')).toEqual({ host: 'mock_altinn', hostname: 'mock_altinn' })
    expect(parseHostHeader('127.0.0.1')).toEqual({ host: '127.0.0.1', hostname: '127.0.0.1' })
    expect(parseHostHeader('[::1]:80')).toEqual({ host: '[::1]:80', hostname: '::1', port: 80 })
  })

  it('refuses what is not a host: paths, user info, spaces, bad ports, unbracketed IPv6, bad brackets', () => {
    for (const bad of ['evil.example/x', 'user@evil.example', 'a b', 'host:99999', 'host:', '::1', '[::1', '[evil]', '', '-lead.example', 'x'.repeat(301), 'a..b']) {
      expect(parseHostHeader(bad), bad).toBeUndefined()
    }
  })
})

describe('loopback and all-addresses', () => {
  it('knows loopback names and addresses', () => {
    for (const h of ['localhost', 'LOCALHOST', 'app.localhost', '127.0.0.1', '127.8.9.1', '::1', '[::1]', '::ffff:127.0.0.1', 'localhost.']) expect(isLoopbackHost(h), h).toBe(true)
    for (const h of ['0.0.0.0', '::', 'localhost.evil.example', 'mylocalhost', '10.0.0.1', '128.0.0.1']) expect(isLoopbackHost(h), h).toBe(false)
  })

  it('knows the all-addresses binds', () => {
    for (const h of ['0.0.0.0', '::', '[::]', '0:0:0:0:0:0:0:0']) expect(isAllAddresses(h), h).toBe(true)
    for (const h of ['127.0.0.1', '::1', '10.0.0.1']) expect(isAllAddresses(h), h).toBe(false)
  })

  it('reads allowedHosts entries: names, IPs and .names, never a port or a pattern', () => {
    for (const e of ['qa.example', '.corp.example', 'mock_altinn', '10.0.0.5', '::1']) expect(isAllowedHostEntry(e), e).toBe(true)
    for (const e of ['qa.example:80', '*.corp.example', '.', '', 'a/b', 'http://qa.example']) expect(isAllowedHostEntry(e), e).toBe(false)
  })
})

describe('the Host check', () => {
  const check = createHostCheck({ publicUrl: 'http://mock-altinn:5101', allowedHosts: ['.corp.example'] })

  it('lets in the public host, loopback names, IP addresses and allowed names; refuses others with a 403 that says how to allow', () => {
    for (const host of ['mock-altinn:5101', 'mock-altinn:1', 'localhost:5101', '192.168.1.9:5101', '[fe80::1]:5101', 'corp.example', 'a.b.corp.example']) {
      expect(check(host, '10.0.0.2').host, host).toBe(host)
    }
    const refused = check('rebind.attacker.example:5101', '127.0.0.1').refused!
    expect(refused.status).toBe(403)
    const body = JSON.parse(refused.body!) as { detail: string }
    expect(body.detail).toContain('"rebind.attacker.example:5101" is not allowed')
    expect(body.detail).toContain('--allowed-hosts <name> (or MOCK_ALTINN_ALLOWED_HOSTS)')
  })

  it('takes a call without a Host (HTTP/1.0) for a local one only when it came in on a loopback address', () => {
    expect(check(undefined, '127.0.0.1')).toEqual({ host: '' })
    expect(check('', '::1')).toEqual({ host: '' })
    expect(check(undefined, '::ffff:127.0.0.1')).toEqual({ host: '' })
    expect(check(undefined, '192.168.1.9').refused?.status).toBe(403)
    expect(check(undefined, undefined).refused?.status).toBe(403)
  })

  it('shows a refused Host as printable text only', () => {
    const body = JSON.parse(check('evil\u0007.example', '127.0.0.1').refused!.body!) as { detail: string }
    expect(body.detail).not.toContain('\u0007')
  })

  it('in the Host-derived mode lets any well-formed Host in, still refusing what is not a host (400)', () => {
    const any = createHostCheck({})
    expect(any('rebind.attacker.example', '0.0.0.0').host).toBe('rebind.attacker.example')
    expect(any('evil.example/x', '0.0.0.0').refused?.status).toBe(400)
    expect(any(undefined, '10.0.0.1').refused?.status).toBe(403)
  })
})

describe('the control token guard', () => {
  const token = 'unit-test-control-token-0123456789'
  const guard = createControlTokenGuard({ token, reason: 'it is bound to 0.0.0.0' })
  const aRequest = (path: string, headers: Record<string, string> = {}, method = 'GET'): RouteRequest => ({ method, url: new URL(`http://h${path}`), headers })

  it('reads control paths as the router does', () => {
    for (const p of ['/__mock', '/__mock/', '/__MOCK/seed', '//__mock/ui', '/__mock/ui/reset']) expect(isControlApiPath(p), p).toBe(true)
    for (const p of ['/', '/healthz', '/__mockery', '/%5F_mock/seed', '/x/__mock']) expect(isControlApiPath(p), p).toBe(false)
  })

  it('leaves other paths alone, even with a wrong token on them', () => {
    expect(guard(aRequest('/authentication/api/v1/systemuser/request/vendor/x', { authorization: 'Bearer vendor-token' }))).toBeUndefined()
  })

  it('removes the token from the headers a passed call carries on', () => {
    const req = aRequest('/__mock/seed', { authorization: `Bearer ${token}`, 'x-mock-control-token': token, accept: 'application/json' })
    expect(guard(req)).toBeUndefined()
    expect(req.headers).toEqual({ accept: 'application/json' })
  })

  it('accepts ?token= only on GET and HEAD, and redirects to one leading slash', () => {
    const res = guard(aRequest(`//__mock/ui?a=1&token=${token}`))!
    expect(res.status).toBe(303)
    expect(res.headers!.location).toBe('/__mock/ui?a=1')
    expect(guard(aRequest(`/__mock/reset?token=${token}`, {}, 'POST'))!.status).toBe(401)
  })

  it('marks the cookie Secure on an https public URL', () => {
    const secure = createControlTokenGuard({ token, reason: 'x', secure: true })
    expect(secure(aRequest(`/__mock/ui?token=${token}`))!.headers!['set-cookie']).toMatch(/; Secure$/)
  })
})
