/**
 * A tiny browser for the portal tests: a cookie jar, `fetch` with manual redirects (so each 302 can be checked),
 * forms posted as `application/x-www-form-urlencoded`, and the CSRF token read from the last page.
 */
import { expect } from 'vitest'

export interface PageResponse {
  status: number
  headers: Headers
  text: string
  location: string | null
  setCookies: string[]
}

/** Pull every `_csrf` token out of a page. */
export function csrfTokensOf(page: string): string[] {
  return [...page.matchAll(/name="_csrf" value="([^"]+)"/g)].map((m) => m[1]!)
}

export class PortalBrowser {
  readonly cookies = new Map<string, string>()
  /** The last page's CSRF token. */
  csrf: string | undefined

  /** `fetchImpl` replaces the global fetch (one that sends another Host, say). */
  constructor(
    readonly origin: string,
    private readonly fetchImpl?: typeof fetch,
  ) {}

  private cookieHeader(): string | undefined {
    if (!this.cookies.size) return undefined
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  private async send(method: 'GET' | 'POST', path: string, body?: URLSearchParams, headers: Record<string, string> = {}): Promise<PageResponse> {
    const cookie = this.cookieHeader()
    const res = await (this.fetchImpl ?? fetch)(path.startsWith('http') ? path : `${this.origin}${path}`, {
      method,
      redirect: 'manual',
      headers: { ...(cookie ? { cookie } : {}), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...headers },
      ...(body ? { body: body.toString() } : {}),
    })
    const setCookies = res.headers.getSetCookie()
    for (const c of setCookies) {
      const [pair, ...attrs] = c.split(';')
      const eq = pair!.indexOf('=')
      const name = pair!.slice(0, eq).trim()
      const value = pair!.slice(eq + 1).trim()
      if (!value || attrs.some((a) => /^\s*max-age=0\s*$/i.test(a))) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    const text = await res.text()
    const token = csrfTokensOf(text)[0]
    if (token) this.csrf = token
    return { status: res.status, headers: res.headers, text, location: res.headers.get('location'), setCookies }
  }

  get(path: string): Promise<PageResponse> {
    return this.send('GET', path)
  }

  /** Post a form; the last page's CSRF token is added unless `_csrf` is given (use `null` to leave it out). */
  post(path: string, fields: Record<string, string | null>, headers: Record<string, string> = {}): Promise<PageResponse> {
    const form = new URLSearchParams()
    const withToken = { _csrf: this.csrf ?? null, ...fields }
    for (const [k, v] of Object.entries(withToken)) if (v !== null) form.set(k, v)
    return this.send('POST', path, form, headers)
  }

  /** Log in through the TestID page as a person, going on to `next`. */
  async logIn(pid: string, next?: string): Promise<PageResponse> {
    const login = await this.get(`/accessmanagement/ui/login${next ? `?next=${encodeURIComponent(next)}` : ''}`)
    expect(login.status).toBe(200)
    const res = await this.post('/accessmanagement/ui/login', { pid, ...(next ? { next } : {}) })
    expect(res.status).toBe(302)
    return res
  }

  /** Log in and act for an organisation. */
  async logInFor(pid: string, orgNo: string): Promise<void> {
    await this.logIn(pid)
    await this.get('/accessmanagement/ui/reportee')
    const chosen = await this.post('/accessmanagement/ui/reportee', { orgNo })
    expect(chosen.status).toBe(302)
  }
}
