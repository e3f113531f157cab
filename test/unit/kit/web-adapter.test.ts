/**
 * The two ways a web call becomes a route request: from a `Request` (msw, and fetch called with one) and straight
 * from `fetch(url, init)`. Where the direct way takes a call, it must give exactly what the `Request` gives.
 */
import { describe, expect, it } from 'vitest'
import { MAX_BODY_BYTES } from '../../../mock-server/kit/router.ts'
import { toRouteRequest, toRouteRequestFromInit, toWebResponse } from '../../../mock-server/kit/web-adapter.ts'

const URL_ = 'http://mock-altinn.local/authentication/api/v1/systemuser/request/vendor?x=1'

describe('a fetch call straight to a route request', () => {
  it.each<[string, RequestInit | undefined]>([
    ['a GET with no init', undefined],
    ['a GET with headers in any case', { headers: { Authorization: 'Bearer abc', ACCEPT: 'application/json' } }],
    ['a POST of text without a content type', { method: 'POST', body: '{"systemId":"x"}' }],
    ['a POST of JSON', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":"æøå"}' }],
    ['a form as URLSearchParams', { method: 'POST', body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: 'a.b.c' }) }],
    ['a lower-case method fetch upper-cases', { method: 'post', body: 'x' }],
    ['headers as a Headers object with a repeated name', { method: 'PUT', headers: new Headers([['x-a', '1'], ['X-A', '2']]), body: '{}' }],
    ['headers as pairs', { method: 'DELETE', headers: [['content-type', 'application/json']], body: '{}' }],
    ['an empty body', { method: 'POST', body: '' }],
    ['a body over the limit', { method: 'POST', body: 'x'.repeat(MAX_BODY_BYTES + 1) }],
    ['a body on a method that takes none', { method: 'OPTIONS', body: 'ignored' }],
    ['a redirect mode and a signal', { redirect: 'manual', signal: new AbortController().signal }],
  ])('%s: the same as through a Request', async (_, init) => {
    const url = new URL(URL_)

    const direct = toRouteRequestFromInit(url, init)
    const viaRequest = await toRouteRequest(new Request(url, init))

    expect(direct).toEqual(viaRequest)
  })

  it.each<[string, RequestInit]>([
    ['a binary body', { method: 'POST', body: new Uint8Array([1, 2]) }],
    ['a body on a GET (fetch throws)', { method: 'GET', body: 'x' }],
    ['PATCH in lower case (fetch keeps it so)', { method: 'patch', body: 'x' }],
    ['another init member', { method: 'GET', mode: 'cors' }],
    ['text that is not well-formed', { method: 'POST', body: 'a\uD800b' }],
  ])('leaves %s to a Request', (_, init) => {
    expect(toRouteRequestFromInit(new URL(URL_), init)).toBeUndefined()
  })

  it('throws fetch\'s TypeError for a header value fetch refuses', () => {
    expect(() => toRouteRequestFromInit(new URL(URL_), { headers: { 'x-a': 'line\nbreak' } })).toThrow(TypeError)
  })
})

describe('a route response to a web Response', () => {
  it('keeps repeated headers, names the status, and sends no body with a 204', async () => {
    const res = toWebResponse({ status: 302, headers: { location: '/next', 'set-cookie': ['a=1; HttpOnly', 'b=2'] }, body: 'moved' })
    const empty = toWebResponse({ status: 204, body: 'ignored' })

    expect(res.status).toBe(302)
    expect(res.statusText).toBe('Found')
    expect(res.headers.getSetCookie()).toEqual(['a=1; HttpOnly', 'b=2'])
    expect(await res.text()).toBe('moved')
    expect(empty.body).toBeNull()
  })
})
