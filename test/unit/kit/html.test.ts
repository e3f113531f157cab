import { describe, expect, it } from 'vitest'
import { escapeHtml, html, raw, SafeHtml } from '../../../mock-server/kit/html.ts'

describe('the portal\'s html template', () => {
  it('escapes every interpolated value, in text and in quoted attributes', () => {
    const title = '<img src=x onerror=alert(1)>'
    const attr = '" onmouseover="alert(1)'
    expect(html`<p title="${attr}">${title}</p>`.toString()).toBe(
      '<p title="&quot; onmouseover=&quot;alert(1)">&lt;img src=x onerror=alert(1)&gt;</p>',
    )
  })

  it('escapes the characters that end text or a quoted attribute, and the ampersand first', () => {
    expect(escapeHtml(`&<>"'\``)).toBe('&amp;&lt;&gt;&quot;&#39;&#96;')
    expect(escapeHtml('&lt;')).toBe('&amp;lt;')
  })

  it('passes nested templates and raw() through unescaped, and renders arrays item by item', () => {
    const items = ['a<b', 'c&d']
    expect(html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>${raw('<hr>')}`.toString()).toBe('<ul><li>a&lt;b</li><li>c&amp;d</li></ul><hr>')
  })

  it('renders null, undefined and false as nothing, and numbers and zero as text', () => {
    expect(html`[${null}${undefined}${false}${0}${42}]`.toString()).toBe('[042]')
  })

  it('escapes a string that only looks like markup made by the template', () => {
    const forged = { toString: () => '<script>alert(1)</script>' }
    expect(html`${forged}`.toString()).toBe('&lt;script&gt;alert(1)&lt;/script&gt;')
  })

  it('makes SafeHtml only through html and raw', () => {
    expect(() => new SafeHtml('<b>', Symbol('safe-html'))).toThrow(TypeError)
  })
})
