// A TypeScript consumer of the installed packages, type-checked with moduleResolution NodeNext and with Bundler.
// Every entry point is imported; the assignments fail to compile if a type is lost (any) or wrong.
import { createAltinnClient, isAltinnProblem, mockEnvironment, type AltinnClient, type RequestStatus, type SystemUserRequest } from 'altinn-systemuser-sdk'
import { Problems, RequestSystemResponseSchema, Routes, type RequestSystemResponse } from 'altinn-systemuser-sdk/contract'
import { loadDefaultSeed, startMockServer, type RunningMockServer, type Seed, type StartOptions } from 'altinn-systemuser-mock'
import { startInProcessMock, type RunningInProcessMock } from 'altinn-systemuser-mock/msw'
import { createExpressApp } from 'altinn-systemuser-mock/express'
import { findScenario, runScenario, scenarios, type ScenarioReport } from 'altinn-systemuser-mock/scenarios'

/** True only when T is `any`. */
type IsAny<T> = 0 extends 1 & T ? true : false
const notAny = <T>(_value: T, ..._proof: IsAny<T> extends true ? ['a type resolved to any'] : []): void => undefined

export async function typed(): Promise<void> {
  const options: StartOptions = { port: 0, host: '127.0.0.1', publicUrl: 'http://localhost:5101' }
  const server: RunningMockServer = await startMockServer(options)
  const seed: Seed = loadDefaultSeed()
  const client: AltinnClient = createAltinnClient({ environment: mockEnvironment(server.url), maskinporten: { clientId: 'x', key: seed.maskinportenClients[0]!.privateJwk as JsonWebKey } })
  const created = await client.requests.create({ systemId: '318882703_smartcloud', partyOrgNo: '312091437', rights: [] })
  const request: SystemUserRequest = created.request
  const status: RequestStatus = request.status
  const parsed: RequestSystemResponse = RequestSystemResponseSchema.parse({})
  const inProcess: RunningInProcessMock = startInProcessMock()
  const report: ScenarioReport | undefined = findScenario('standard-approve') ? undefined : undefined
  notAny(createAltinnClient)
  notAny(request.confirmUrl)
  notAny(Problems)
  notAny(Routes.createRequest.path)
  notAny(createExpressApp)
  notAny(runScenario)
  notAny(scenarios)
  notAny(isAltinnProblem)
  void [status, parsed, inProcess, report]
  await server.close()
}
