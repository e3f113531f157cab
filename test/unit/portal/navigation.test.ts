import { describe, expect, it } from 'vitest'
import { safeNext } from '../../../mock-server/portal/page-kit.ts'
import { toLocationHeader } from '../../../mock-server/portal/request-pages.ts'
import { RECEIPT_URL } from '../../../mock-server/seed/personas.ts'

describe('where the portal sends a person', () => {
  it('keeps a next page inside the portal', () => {
    expect(safeNext('/accessmanagement/ui/systemuser/overview')).toBe('/accessmanagement/ui/systemuser/overview')
    expect(safeNext('/accessmanagement/ui/systemuser/request?id=1&DONTCHOOSEREPORTEE=true')).toBe('/accessmanagement/ui/systemuser/request?id=1&DONTCHOOSEREPORTEE=true')
  })

  it.each([
    'https://evil.example/',
    '//evil.example/',
    '/\\evil.example',
    '\\\\evil.example',
    '/accessmanagement/ui//evil.example',
    '/accessmanagement/ui/\\evil.example',
    '/accessmanagement/ui/\nx',
    '/accessmanagementX/ui',
    '/authentication/api/v1/logout',
    'javascript:alert(1)',
    '',
    null,
    undefined,
  ])('refuses %j as a next page', (value) => {
    expect(safeNext(value)).toBeUndefined()
  })

  it('refuses a next page that is absurdly long', () => {
    expect(safeNext(`/accessmanagement/ui/${'a'.repeat(3000)}`)).toBeUndefined()
  })

  it('sends a vendor redirect URL as it was stored', () => {
    for (const url of [RECEIPT_URL, `${RECEIPT_URL}?state=a%20b&x=%C3%A6#f`, `${RECEIPT_URL}?a=1;b=2`]) {
      expect(toLocationHeader(url)).toBe(url)
    }
  })

  it('percent-encodes only what a header cannot carry, and drops tabs and line breaks as a URL parser would', () => {
    expect(toLocationHeader('https://smartcloud.example/receipt?name=Ærlig Ål')).toBe(`${RECEIPT_URL}?name=%C3%86rlig%20%C3%85l`)
    expect(toLocationHeader('https://smartcloud.example/receipt?a=1\r\nSet-Cookie: x=1')).toBe(`${RECEIPT_URL}?a=1Set-Cookie:%20x=1`)
    expect(toLocationHeader('https://smartcloud.example/😀')).toBe('https://smartcloud.example/%F0%9F%98%80')
  })
})
