/**
 * Altinn's paginated lists (`{"links":{"next"?},"data":[...]}`, reference §2.3) as async iterables: the SDK
 * follows `links.next` until it is absent, and only while it stays on the configured platform host.
 *
 * @example
 * ```ts
 * for await (const request of client.requests.list('318882703_smartcloud')) console.log(request.id, request.status)
 * const all = await client.systemUsers.list('318882703_smartcloud').toArray()
 * ```
 */
import * as z from 'zod'
import { PaginatedSchema, type RouteTemplate } from '../contract/index.ts'
import { AltinnContractError } from '../errors/index.ts'
import type { CallOptions, HttpClient } from '../http.ts'

/**
 * All items of a list, fetched page by page as you iterate. Each iteration starts again from the first page.
 *
 * @example
 * ```ts
 * const pages: PageIterable<SystemUser> = client.systemUsers.list('318882703_smartcloud')
 * for await (const page of pages.pages()) console.log(page.length)
 * ```
 */
export interface PageIterable<T> extends AsyncIterable<T> {
  /** The pages themselves, as Altinn returns them. */
  pages(): AsyncIterable<readonly T[]>
  /** Every item of every page. */
  toArray(): Promise<T[]>
}

/**
 * Where a list starts.
 *
 * @example
 * ```ts
 * paginate(http, { route: Routes.listRequests, params: { systemId }, item: RequestSystemResponseSchema })
 * ```
 */
export interface FirstPage<T> {
  route: RouteTemplate
  params: Record<string, string>
  item: z.ZodType<T>
  /** A check of each item before it is handed out (e.g. a `confirmUrl` host). */
  check?: (item: T) => void
}

/**
 * A lazy iterable over every page of a list.
 *
 * @example
 * ```ts
 * const users = paginate(http, { route: Routes.listSystemUsers, params: { systemId }, item: SystemUserExternalDTOSchema })
 * ```
 */
export function paginate<T>(http: HttpClient, first: FirstPage<T>, options: CallOptions = {}): PageIterable<T> {
  const schema = PaginatedSchema(first.item) as unknown as z.ZodType<{ links: { next?: string | null | undefined }; data: T[] }>
  const platformOrigin = new URL(http.platformUrl).origin
  const redact = http.redactor.redact

  async function* pages(): AsyncGenerator<readonly T[]> {
    const seen = new Set<string>()
    let url: string | undefined
    for (;;) {
      const { data, url: called } = await http.send({ route: first.route, params: first.params, schema, ...(url ? { url } : {}) }, options)
      if (first.check) data.data.forEach(first.check)
      yield data.data
      const next = data.links.next
      if (!next) return
      let nextUrl: URL
      try {
        nextUrl = new URL(next, called)
      } catch {
        throw new AltinnContractError(`links.next is not a URL`, { method: first.route.method, url: called }, { redact })
      }
      if (nextUrl.origin !== platformOrigin) {
        // A token must never follow a link to a host we were not configured for.
        throw new AltinnContractError(
          `links.next points to ${nextUrl.origin}, not to the configured platform host ${platformOrigin}; not followed`,
          { method: first.route.method, url: called },
          { redact },
        )
      }
      if (seen.has(nextUrl.href)) {
        throw new AltinnContractError('links.next repeats a page already read; stopped to avoid a loop', { method: first.route.method, url: called }, { redact })
      }
      seen.add(nextUrl.href)
      url = nextUrl.href
    }
  }

  async function* items(): AsyncGenerator<T> {
    for await (const page of pages()) yield* page
  }

  return {
    [Symbol.asyncIterator]: () => items(),
    pages: () => pages(),
    async toArray() {
      const all: T[] = []
      for await (const item of items()) all.push(item)
      return all
    },
  }
}
