import { describe, expect, it } from 'vitest'
import { parseSeedPart } from '../../../mock-server/harness/seed-additions.ts'
import { HttpProblemError } from '../../../mock-server/core/errors.ts'
import { loadDefaultSeed } from '../../../mock-server/seed/index.ts'
import { FACILITATOR, SMARTCLOUD } from '../../../mock-server/seed/personas.ts'

const NEW_ORG = '310055433'
const NEW_PERSON = '12859000280'

function issuesOf(part: unknown): string[] {
  try {
    parseSeedPart(loadDefaultSeed(), part)
  } catch (e) {
    if (!(e instanceof HttpProblemError)) throw e
    expect(e.status).toBe(400)
    expect(e.title).toBe('The seed addition is not valid.')
    return e.extra.errors as string[]
  }
  throw new Error('accepted')
}

describe('a seed addition', () => {
  it('is accepted with references to the seed in force and comes back with the seed file defaults filled in', () => {
    const part = parseSeedPart(loadDefaultSeed(), {
      organisations: [{ orgNo: NEW_ORG, name: 'NY KUNDE AS' }],
      persons: [{ pid: NEW_PERSON, name: 'NY LEDER', relations: [{ orgNo: NEW_ORG, roles: ['DAGL'], accessPackages: ['tilgangsstyrer'] }] }],
      clientRelations: [{ facilitatorOrgNo: FACILITATOR, clientOrgNo: NEW_ORG, roles: ['REGN'] }],
    })

    expect(part).toEqual({
      organisations: [{ orgNo: NEW_ORG, name: 'NY KUNDE AS' }],
      persons: [{ pid: NEW_PERSON, name: 'NY LEDER', relations: [{ orgNo: NEW_ORG, roles: ['DAGL'], accessPackages: ['tilgangsstyrer'] }] }],
      clientRelations: [{ facilitatorOrgNo: FACILITATOR, clientOrgNo: NEW_ORG, roles: ['REGN'], accessPackages: [] }],
    })
  })

  it('names each bad field by its place in the addition', () => {
    const issues = issuesOf({
      organisations: [{ orgNo: NEW_ORG, name: 'OK AS' }, { orgNo: '123456789', name: 'BAD AS' }, { orgNo: SMARTCLOUD, name: 'TWICE AS' }],
      persons: [{ pid: '01010112345', name: 'REAL PERSON' }, { pid: NEW_PERSON, name: 'X', relations: [{ orgNo: '311111110' }] }],
    })

    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^organisations\.1\.orgNo: must be a nine-digit organisation number/),
        expect.stringMatching(/^persons\.0\.pid: must be a synthetic \(Tenor\) person number/),
        expect.stringMatching(/^persons\.1\.relations\.0\.orgNo: /),
      ]),
    )
  })

  it('refuses an organisation or a client that is already in the seed', () => {
    expect(issuesOf({ organisations: [{ orgNo: SMARTCLOUD, name: 'AGAIN AS' }] })).toEqual([`organisations.0.orgNo: ${SMARTCLOUD} appears twice`])
  })

  it('refuses the signing keys, unknown parts, parts that are not lists, and an empty addition', () => {
    expect(issuesOf({ keys: {}, organization: [], persons: {} })).toEqual([
      "keys: the mock's signing keys cannot change at run time (start with another seed file)",
      'organization: not a part of a seed (use organisations, persons, resources, accessPackages, roles, clientRelations, systems, maskinportenClients)',
      'persons: must be a list',
    ])
    expect(issuesOf({})[0]).toContain('nothing to add')
    expect(issuesOf([])[0]).toContain('must be an object')
  })
})
