/**
 * The QA controls of the control API: faults (`/__mock/faults`), the journal (`/__mock/journal`), seed additions
 * (`POST /__mock/seed`), the tokens issued lately (`GET /__mock/tokens`) and the inspector page (`/__mock/ui`,
 * rendered by `harness/inspector.ts`). Never part of real Altinn. The mock's self-description (its OpenAPI document
 * and docs page) is served from where the table is assembled (`table.ts`): it describes the whole table.
 */
import * as z from 'zod'
import type { MockAltinn } from '../core/mock-altinn.ts'
import { FaultSpecSchema } from './faults.ts'
import { getHarness } from './harness.ts'
import { backToInspector, INSPECTOR_CSS, INSPECTOR_SCRIPT, refuseForeignPost, renderInspector } from './inspector.ts'
import {
  addClientFromInspector,
  clockFromInspector,
  createRequestFromInspector,
  decideFromInspector,
  deleteSystemUserFromInspector,
  type InspectorOutcome,
  removeClientFromInspector,
} from './inspector-actions.ts'
import { filterFromQuery } from './journal.ts'
import { refusalOfPathPattern } from './path-pattern.ts'
import { resetMock } from './reset.ts'
import { parseSeedPart, SEED_PART_KEYS } from './seed-additions.ts'
import { answer, route } from '../kit/define.ts'
import { INSPECTOR_PATH } from '../kit/paths.ts'
import { assetResponse, empty, httpProblem, json, modelStateProblem } from '../kit/responses.ts'
import type { Router } from '../kit/router.ts'
import type { RouteDef } from '../kit/types.ts'

const csrfRefused = answer(403, 'The form is not from this inspector (CSRF token missing or wrong); nothing changed.', 'text')

export const harnessRoutes: RouteDef<any>[] = [
  route('controlFaultsList', 'GET', 'control', '/__mock/faults', {
    handle: ({ mock }) => json(200, { faults: getHarness(mock).faults.list() }),
  }),
  route('controlFaultsAdd', 'POST', 'control', '/__mock/faults', {
    body: FaultSpecSchema,
    // A rule that cannot be added is a model-state 400 naming each bad field (harness/faults.ts).
    handle: ({ mock, body }) => json(201, getHarness(mock).faults.add(body)),
  }),
  route('controlFaultsClear', 'DELETE', 'control', '/__mock/faults', {
    handle: ({ mock }) => (getHarness(mock).faults.clear(), empty(204)),
  }),
  route('controlFaultsRemove', 'DELETE', 'control', '/__mock/faults/{id}', {
    problems: [answer(404, 'No fault rule with this id.')],
    handle: ({ mock, params }) =>
      getHarness(mock).faults.remove(params.id!) ? empty(204) : httpProblem(404, 'Not Found', `No fault rule ${params.id!.slice(0, 100)}; GET /__mock/faults lists them.`),
  }),

  route('controlJournal', 'GET', 'control', '/__mock/journal', {
    problems: [answer(400, 'A filter that cannot be read: since, status or path.')],
    handle: ({ mock, query }) => {
      const filter = filterFromQuery(query)
      if (filter.since !== undefined && !/^\d+$/.test(String(filter.since)) && Number.isNaN(Date.parse(String(filter.since))))
        return modelStateProblem({ since: ['"since" must be an ISO 8601 instant (2026-01-31T12:00:00Z) or epoch milliseconds.'] })
      if (filter.status !== undefined && !/^([1-5]xx|\d{3})$/i.test(String(filter.status)))
        return modelStateProblem({ status: ['"status" must be a status (503) or a class (5xx).'] })
      if (filter.path && (filter.path.includes('*') || /^\/.+\/i?$/.test(filter.path))) {
        const refused = refusalOfPathPattern(filter.path)
        if (refused) return modelStateProblem({ path: [refused] })
      }
      const journal = getHarness(mock).journal
      return json(200, { entries: journal.entries(filter), total: journal.total, capacity: journal.capacity })
    },
  }),
  route('controlJournalClear', 'DELETE', 'control', '/__mock/journal', {
    handle: ({ mock }) => (getHarness(mock).journal.clear(), empty(204)),
  }),

  route('controlSeedAdd', 'POST', 'control', '/__mock/seed', {
    body: z.unknown(),
    problems: [
      answer(400, 'The seed addition is not valid (`errors` names each bad field).', {
        problem: z.looseObject({ type: z.string(), title: z.string(), status: z.number(), detail: z.string(), traceId: z.string(), errors: z.array(z.string()) }),
      }),
    ],
    // An addition that is not valid is a 400 problem with every issue in `errors` (harness/seed-additions.ts).
    handle: ({ mock, body }) => {
      const part = parseSeedPart(mock.seed, body)
      mock.addSeed(part)
      const added = Object.fromEntries(SEED_PART_KEYS.filter((k) => part[k]?.length).map((k) => [k, part[k]!.length]))
      return json(200, { added })
    },
  }),

  route('controlIssuedTokens', 'GET', 'control', '/__mock/tokens', {
    handle: ({ mock }) => json(200, { tokens: getHarness(mock).issuedTokens.list() }),
  }),
]

/**
 * The inspector (`/__mock/ui`): its page, script and style sheet, and its forms. Each form is a call to its API
 * twin (`inspector-actions.ts`) through `table`: the route table without hooks, so the form post itself is what the
 * journal records and what faults apply to.
 *
 * @example
 * ```ts
 * const routes = [...harnessRoutes, ...createInspectorRoutes(() => createRouter(allRoutes))]
 * ```
 */
export function createInspectorRoutes(table: () => Router): RouteDef<any>[] {
  return [
    route('inspector', 'GET', 'control', INSPECTOR_PATH, { handle: ({ mock, query }) => renderInspector(mock, query) }),
    route('inspectorScript', 'GET', 'control', `${INSPECTOR_PATH}/inspector.js`, { handle: () => assetResponse(INSPECTOR_SCRIPT, 'text/javascript; charset=utf-8') }),
    route('inspectorStyles', 'GET', 'control', `${INSPECTOR_PATH}/inspector.css`, { handle: () => assetResponse(INSPECTOR_CSS, 'text/css; charset=utf-8') }),
    // The inspector's forms: each is a call to its API twin (harness/inspector-actions.ts), so a person without the
    // right gets the same AUTH code as from the control API, and a refused action changes nothing.
    inspectorForm('inspectorCreateRequest', `${INSPECTOR_PATH}/requests`, (form, mock) => {
      const kind = form.get('kind') === 'agent' ? 'agent' : 'standard'
      const partyOrgNo = (form.get('partyOrgNo') ?? '').replace(/\s+/g, '')
      return createRequestFromInspector(table(), mock, { kind, systemId: form.get('systemId') ?? '', partyOrgNo, externalRef: form.get('externalRef') ?? undefined })
    }),
    inspectorForm('inspectorDecide', `${INSPECTOR_PATH}/requests/{id}/decide`, (form, mock, params) => {
      const decision = form.get('decision')
      if (decision !== 'approve' && decision !== 'reject') return { problem: 'decision' }
      return decideFromInspector(table(), mock, params.id!, decision, form.get('pid') || undefined)
    }),
    inspectorForm('inspectorAddClient', `${INSPECTOR_PATH}/systemusers/{id}/clients`, (form, mock, params) =>
      addClientFromInspector(table(), mock, params.id!, { orgNo: form.get('orgNo') ?? '', pid: form.get('pid') || undefined }),
    ),
    inspectorForm('inspectorRemoveClient', `${INSPECTOR_PATH}/systemusers/{id}/clients/remove`, (form, mock, params) =>
      removeClientFromInspector(table(), mock, params.id!, { orgNo: form.get('orgNo') ?? '', pid: form.get('pid') || undefined }),
    ),
    inspectorForm('inspectorDeleteSystemUser', `${INSPECTOR_PATH}/systemusers/{id}/delete`, (form, mock, params) =>
      form.get('confirm') === 'yes' ? deleteSystemUserFromInspector(table(), mock, params.id!) : { problem: 'confirm' },
    ),
    inspectorForm('inspectorClock', `${INSPECTOR_PATH}/clock`, (form, mock) =>
      clockFromInspector(table(), mock, form.get('reset') === 'true' ? { reset: true } : { advance: form.get('advance') ?? '' }),
    ),
    route('inspectorReset', 'POST', 'control', `${INSPECTOR_PATH}/reset`, {
      form: true,
      problems: [csrfRefused],
      handle: ({ mock, req, body }) => {
        const refused = refuseForeignPost(mock, req, body as unknown as URLSearchParams)
        if (refused) return refused
        // The same reset as POST /__mock/reset: seed, real time, no faults, an empty journal.
        resetMock(mock)
        return backToInspector({ ok: 'reset' })
      },
    }),
  ]
}

/**
 * One of the inspector's form routes: a same-origin form post with the page's CSRF token (the declared exception
 * to the control API's JSON rule), then the action, then a 303 back to the page with what happened as a code.
 */
function inspectorForm(
  name: string,
  path: string,
  act: (form: URLSearchParams, mock: MockAltinn, params: Record<string, string>) => InspectorOutcome | Promise<InspectorOutcome>,
): RouteDef<any> {
  return route(name, 'POST', 'control', path, {
    form: true,
    problems: [csrfRefused],
    handle: async ({ mock, req, params, body }) => {
      const form = body as unknown as URLSearchParams
      const refused = refuseForeignPost(mock, req, form)
      if (refused) return refused
      return backToInspector(await act(form, mock, params))
    },
  })
}
