/**
 * Calls for the public-URL and Host suites: a vendor that gets its token through the real grant and calls with a
 * chosen fetch (one that sends another Host), and a collector of every absolute URL an answer holds.
 */
import { expect } from 'vitest'
import { JWT_BEARER_GRANT_TYPE, Scopes } from '../../sdk/contract/index.ts'
import type { MockContext } from '../../mock-server/core/context.ts'
import { anAssertion, seededClient, STANDARD_CLIENT_ID } from '../support/grants.ts'
import type { JsonResponse } from '../support/api.ts'

const VENDOR_SCOPE = [Scopes.systemRegisterWrite, Scopes.requestRead, Scopes.requestWrite].join(' ')

/** Call `origin` with `fetchImpl`; JSON in and out, redirects not followed. */
export async function callAt<T = any>(
  fetchImpl: typeof fetch,
  url: string,
  method = 'GET',
  options: { token?: string; body?: unknown; form?: URLSearchParams; headers?: Record<string, string> } = {},
): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) }
  if (options.token) headers.authorization = `Bearer ${options.token}`
  let body: string | undefined
  if (options.form) {
    body = options.form.toString()
    headers['content-type'] = 'application/x-www-form-urlencoded'
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body)
    headers['content-type'] = 'application/json'
  }
  const res = await fetchImpl(url, { method, headers, redirect: 'manual', ...(body !== undefined ? { body } : {}) })
  const text = await res.text()
  let parsed: unknown
  try {
    parsed = text ? JSON.parse(text) : undefined
  } catch {
    parsed = text
  }
  return { status: res.status, headers: res.headers, body: parsed as T, text }
}

/**
 * A vendor token from the mock's Maskinporten at `issuer`, through the JWT-bearer grant with the seeded SmartCloud
 * client (the assertion's audience is that issuer).
 */
export async function grantAt(fetchImpl: typeof fetch, mock: MockContext, issuer: string, scope = VENDOR_SCOPE): Promise<string> {
  const assertion = await anAssertion(mock, seededClient(mock, STANDARD_CLIENT_ID), { aud: issuer, scope })
  const res = await callAt<{ access_token: string }>(fetchImpl, `${issuer}token`, 'POST', { form: new URLSearchParams({ grant_type: JWT_BEARER_GRANT_TYPE, assertion }) })
  expect(res.status, res.text).toBe(200)
  return res.body.access_token
}

/** The claims of a JWT, unverified. */
export function claimsOf(jwt: string): Record<string, any> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, any>
}

/** Every absolute http(s) URL in a text (JSON, HTML, a header value). */
export function absoluteUrlsIn(text: string): string[] {
  return [...text.matchAll(/https?:\/\/[^\s"'<>\\]+/g)].map((m) => m[0])
}

/** Every `href`, `action` and `src` of a page. */
export function linksOf(page: string): string[] {
  return [...page.matchAll(/\b(?:href|action|src)="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'))
}

/**
 * Expect each link to stay on `origin`: absolute and on it, or a path (resolved by the browser against the origin
 * it used). External URLs given in `external` are let through.
 */
export function expectOnOrigin(links: string[], origin: string, external: string[] = []): void {
  for (const link of links) {
    // `data:` (an empty favicon) names no host.
    if (external.some((e) => link.startsWith(e)) || link.startsWith('data:')) continue
    if (/^[a-z][a-z0-9+.-]*:/i.test(link) || link.startsWith('//')) expect(link, link).toMatch(new RegExp(`^${origin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(/|$)`))
    else expect(link, link).toMatch(/^(\/(?!\/)|\?|#|$)/)
  }
}
