/**
 * How the pages name things: a system by its bokmål name, rights by the titles of their resources, access
 * packages by their titles, as Altinn's pages do (never by URN alone).
 */
import type { AccessPackage, Right } from 'altinn-systemuser-sdk/contract'
import { getOrganisation, getPackage } from '../core/directory.ts'
import type { MockAltinn } from '../core/mock-altinn.ts'
import { html, type SafeHtml } from '../kit/html.ts'
import { formatOrgNo } from '../kit/format.ts'
import { T } from './texts.ts'

/**
 * A system's bokmål name (its id when it has none).
 *
 * @example
 * ```ts
 * systemName(mock, '318882703_smartcloud') // 'SmartCloud'
 * ```
 */
export function systemName(mock: MockAltinn, systemId: string): string {
  const system = mock.store.systems.get(systemId)
  return system?.name.nb || system?.name.en || systemId
}

/**
 * The vendor's name for a system.
 *
 * @example
 * ```ts
 * vendorName(mock, '318882703_smartcloud') // 'SmartCloud AS'
 * ```
 */
export function vendorName(mock: MockAltinn, systemId: string): string {
  const system = mock.store.systems.get(systemId)
  if (!system) return 'Ukjent leverandør'
  return getOrganisation(mock, system.vendorOrgNo)?.name ?? `org.nr. ${formatOrgNo(system.vendorOrgNo)}`
}

/**
 * The titles of the resources a list of rights names.
 *
 * @example
 * ```ts
 * rightTitles(mock, request.rights) // ['Krav og betalinger']
 * ```
 */
export function rightTitles(mock: MockAltinn, rights: readonly Right[]): string[] {
  const titles: string[] = []
  for (const right of rights) {
    for (const attr of right.resource) {
      if (attr.id !== 'urn:altinn:resource') continue
      const resource = mock.store.resources.get(attr.value)
      titles.push(resource?.title.nb || resource?.title.en || attr.value)
    }
  }
  return titles
}

/**
 * The titles of access packages.
 *
 * @example
 * ```ts
 * packageTitles(mock, [{ urn: 'urn:altinn:accesspackage:regnskapsforer-med-signeringsrettighet' }]) // ['Regnskapsfører med signeringsrettighet']
 * ```
 */
export function packageTitles(mock: MockAltinn, packages: readonly AccessPackage[]): string[] {
  return packages.map((p) => {
    const def = getPackage(mock, p.urn)
    return def?.title.nb || def?.title.en || p.urn
  })
}

/**
 * The "rights and access packages" part of a request or a system user page (packages only when there are
 * some, or when rights are not shown at all).
 *
 * @example
 * ```ts
 * html`${accessSections(mock, request.rights, request.accessPackages, { showRights: true })}`
 * ```
 */
export function accessSections(mock: MockAltinn, rights: readonly Right[], packages: readonly AccessPackage[], options: { showRights: boolean }): SafeHtml {
  const r = rightTitles(mock, rights)
  const p = packageTitles(mock, packages)
  return html`${options.showRights ? html`<section aria-labelledby="rights-heading">
<h2 class="ds-heading" data-size="sm" id="rights-heading">${T.rights}</h2>
${r.length ? html`<ul class="ds-list">${r.map((t) => html`<li>${t}</li>`)}</ul>` : html`<p class="ds-paragraph">${T.noRights}</p>`}
</section>` : ''}
${p.length || !options.showRights ? html`<section aria-labelledby="packages-heading">
<h2 class="ds-heading" data-size="sm" id="packages-heading">${T.accessPackages}</h2>
${p.length ? html`<ul class="ds-list">${p.map((t) => html`<li>${t}</li>`)}</ul>` : html`<p class="ds-paragraph">${T.noPackages}</p>`}
</section>` : ''}`
}
