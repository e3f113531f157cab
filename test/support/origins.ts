/**
 * Whether what the mock hands out stays on the origin a client used (its public URL, or the Host it was called by):
 * every absolute URL an answer holds, every link of a page, and the check that each is on that origin.
 */
import { expect } from 'vitest'

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
