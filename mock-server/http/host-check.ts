/**
 * Which `Host` a call to the HTTP server may name, and which origin it is answered for.
 *
 * DNS rebinding: a page on `rebind.attacker.example` makes its name resolve to 127.0.0.1, and the browser then
 * lets the page's scripts call the mock as if it were the attacker's own site, read the answers and change the
 * state. The browser still sends `Host: rebind.attacker.example`, so the mock answers only Hosts it knows: its
 * public URL's host, loopback names (`localhost`, `*.localhost`, `127.0.0.1`, `[::1]`), IP literals (a rebinding
 * needs a name), and the names given with `allowedHosts`. Vite and webpack-dev-server check the same way.
 *
 * Bound to every address (`0.0.0.0`, `::`) with no public URL, the mock answers any Host, each for its own origin
 * (the Host-derived mode); the control API is then protected by its token instead (`control-token.ts`).
 *
 * @example
 * ```ts
 * const check = createHostCheck({ publicUrl: 'http://mock-altinn:5101', allowedHosts: ['qa.example'] })
 * check('rebind.attacker.example', '127.0.0.1') // { refused: <403 problem> }
 * check('localhost:5101', '127.0.0.1') // { host: 'localhost:5101' }
 * ```
 */
import { isIP } from 'node:net'
import { httpProblem } from '../kit/responses.ts'
import type { RouteResponse } from '../kit/types.ts'

/** A `Host` header as the mock reads it: lower case, the name without brackets, the port if any. */
export interface ParsedHost {
  /** `host[:port]` as sent, in lower case (IPv6 in brackets). */
  host: string
  /** The name or address, in lower case, IPv6 without brackets. */
  hostname: string
  port?: number
}

/** A name: labels of letters, digits, `-` and `_` (Docker service names may hold one), joined by dots. */
const NAME = /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/
const HOST_HEADER = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/

/**
 * Read a `Host` header; undefined when it is not a host name or IP address with an optional port.
 *
 * @example
 * ```ts
 * parseHostHeader('Mock-Altinn:5101') // { host: 'mock-altinn:5101', hostname: 'mock-altinn', port: 5101 }
 * parseHostHeader('evil.example/path') // undefined
 * ```
 */
export function parseHostHeader(value: string): ParsedHost | undefined {
  if (value.length > 300) return undefined
  const m = HOST_HEADER.exec(value.trim().toLowerCase())
  if (!m) return undefined
  const name = m[1]!
  const port = m[2] === undefined ? undefined : Number(m[2])
  if (port !== undefined && port > 65535) return undefined
  let hostname: string
  if (name.startsWith('[')) {
    hostname = name.slice(1, -1)
    if (isIP(hostname) !== 6) return undefined
  } else {
    hostname = name
    if (!isIP(hostname) && !NAME.test(hostname)) return undefined
  }
  return { host: port === undefined ? name : `${name}:${port}`, hostname, ...(port !== undefined ? { port } : {}) }
}

/**
 * Whether a name or address is this machine's loopback: `localhost`, `*.localhost` (RFC 6761 keeps them there),
 * 127.0.0.0/8 and `::1`.
 *
 * @example
 * ```ts
 * isLoopbackHost('app.localhost') // true
 * isLoopbackHost('0.0.0.0') // false
 * ```
 */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '')
  if (h === 'localhost' || h.endsWith('.localhost')) return true
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h
  return isIP(v4) === 4 && v4.startsWith('127.')
}

/**
 * Whether a bind address means every address of the machine (`0.0.0.0`, `::`), where the mock has no one name.
 *
 * @example
 * ```ts
 * isAllAddresses('::') // true
 * ```
 */
export function isAllAddresses(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '')
  return h === '0.0.0.0' || h === '::' || h === '0:0:0:0:0:0:0:0' || h === '::0' || h === '::ffff:0.0.0.0'
}

/**
 * Whether an `allowedHosts` entry is well formed: a name or an IP address, or `.name` for the name and every name
 * under it (as Vite reads it). No port: any port is allowed.
 *
 * @example
 * ```ts
 * isAllowedHostEntry('.qa.example') // true
 * isAllowedHostEntry('qa.example:5101') // false
 * ```
 */
export function isAllowedHostEntry(entry: string): boolean {
  const e = entry.toLowerCase()
  const name = e.startsWith('.') ? e.slice(1) : e
  return name.length > 0 && (isIP(name.replace(/^\[|\]$/g, '')) !== 0 || (NAME.test(name) && !name.endsWith('.')))
}

export interface HostCheckOptions {
  /** The public URL the mock hands out; its host is allowed. Leave out for the Host-derived mode (any Host). */
  publicUrl?: string
  /** More names (or `.name` for a name and everything under it), any port. */
  allowedHosts?: readonly string[]
}

/** What the check decided for a call: the Host to answer for, or the refusal to send. */
export type HostDecision = { host: string; refused?: undefined } | { refused: RouteResponse; host?: undefined }

/** Refuse a call's Host with a problem (403 for a Host not allowed, 400 for one that is not a host) that says what to do. */
function refuse(detail: string, status = 403): { refused: RouteResponse } {
  return { refused: httpProblem(status, status === 403 ? 'Forbidden' : 'Bad Request', detail) }
}

/** Echo a refused Host safely: printable ASCII only, and short. */
function shown(value: string): string {
  const clean = value.replace(/[^\x20-\x7e]/g, '?')
  return clean.length > 100 ? `${clean.slice(0, 100)}…` : clean
}

/**
 * The Host check for one server. `localAddress` is the address the call came in on: a call without a Host
 * (HTTP/1.0) is taken for a loopback call only when that address is a loopback one.
 *
 * @example
 * ```ts
 * const check = createHostCheck({ publicUrl: 'http://127.0.0.1:5101' })
 * const decision = check(req.headers.host, req.socket.localAddress)
 * if (decision.refused) return send(decision.refused)
 * ```
 */
export function createHostCheck(options: HostCheckOptions): (hostHeader: string | undefined, localAddress: string | undefined) => HostDecision {
  const anyHost = options.publicUrl === undefined
  const publicHost = anyHost ? undefined : new URL(options.publicUrl!).hostname.replace(/^\[|\]$/g, '').toLowerCase()
  const exact = new Set<string>()
  const suffixes: string[] = []
  for (const entry of options.allowedHosts ?? []) {
    const e = entry.toLowerCase().replace(/^\[|\]$/g, '')
    if (e.startsWith('.')) {
      exact.add(e.slice(1))
      suffixes.push(e)
    } else exact.add(e)
  }
  const how = 'Start the mock with --allowed-hosts <name> (or MOCK_ALTINN_ALLOWED_HOSTS) to allow another name, or --public-url to name the one clients use.'

  // Hosts let in, by header: nearly every call names one of a few, and this runs on every call.
  const decided = new Map<string, HostDecision>()
  const decide = (hostHeader: string): HostDecision => {
    const parsed = parseHostHeader(hostHeader)
    if (!parsed) return refuse(`The Host header "${shown(hostHeader)}" is not a host name or IP address with an optional port; send the host you reach the mock at, such as localhost:5101.`, 400)
    const { hostname } = parsed
    if (anyHost || hostname === publicHost || isLoopbackHost(hostname) || isIP(hostname) !== 0) return { host: parsed.host }
    if (exact.has(hostname) || suffixes.some((s) => hostname.endsWith(s))) return { host: parsed.host }
    return refuse(
      `The Host "${shown(parsed.host)}" is not allowed: the mock answers only its public URL's host${publicHost ? ` (${publicHost})` : ''}, loopback names and IP addresses, so a web page cannot reach it through a name of its own (DNS rebinding). ${how}`,
    )
  }

  return (hostHeader, localAddress) => {
    if (hostHeader === undefined || hostHeader === '') {
      // HTTP/1.0 may leave the Host out; only a call that arrived on a loopback address can be taken for a local one.
      if (localAddress && isLoopbackHost(localAddress)) return { host: '' }
      return refuse('The request has no Host header, and it did not come in on a loopback address. Send the host you reach the mock at (HTTP/1.1 clients do so by themselves).')
    }
    const known = decided.get(hostHeader)
    if (known) return known
    const decision = decide(hostHeader)
    // Only Hosts let in are kept (a refusal carries its own trace id); a caller chooses the Host, so a bounded number.
    if (!decision.refused) {
      if (decided.size >= 256) decided.clear()
      decided.set(hostHeader, decision)
    }
    return decision
  }
}
