/**
 * The SDK's public surface, checked by the type checker (`npm run typecheck` compiles this file) and, for the
 * list of names, at run time.
 */
import { describe, expectTypeOf, expect, it } from 'vitest'
import * as sdk from '../../sdk/index.ts'
import {
  AltinnProblemError,
  SystemUserAlreadyExistsError,
  createAltinnClient,
  isAltinnProblem,
  isMaskinportenError,
  type AccessToken,
  type AgentSystemUserRequest,
  type AltinnClient,
  type AltinnClientOptions,
  type ChangeRequestStatus,
  type CreateAgentRequestInput,
  type CreateChangeRequestInput,
  type CreateRequestResult,
  type MaskinportenError,
  type PageIterable,
  type RedirectOutcome,
  type RequestStatus,
  type SystemUser,
  type SystemUserChangeRequest,
  type SystemUserRequest,
} from '../../sdk/index.ts'

describe('the public surface of sdk/index.ts', () => {
  it('exports exactly these runtime names', () => {
    expect(Object.keys(sdk).sort()).toEqual(
      [
        'AltinnContractError',
        'AltinnError',
        'AltinnHttpError',
        'AltinnNetworkError',
        'AltinnProblemError',
        'AltinnTimeoutError',
        'ChangeRequestStatuses',
        'Environments',
        'MaskinportenError',
        'MaskinportenSystemUserNotFoundError',
        'Problems',
        'RedirectStateError',
        'RequestStatuses',
        'Scopes',
        'SystemUserAlreadyExistsError',
        'ValidationErrors',
        'createAltinnClient',
        'createMaskinportenTokenProvider',
        'isAltinnError',
        'isAltinnHttpError',
        'isAltinnProblem',
        'isMaskinportenError',
        'isSystemUserAlreadyExists',
        'isTransientError',
        'mockEnvironment',
        'signRedirectState',
      ].sort(),
    )
  })

  it('types the client, its resources and their results', () => {
    expectTypeOf(createAltinnClient).parameter(0).toEqualTypeOf<AltinnClientOptions>()
    expectTypeOf(createAltinnClient).returns.toEqualTypeOf<AltinnClient>()
    expectTypeOf<AltinnClient['requests']['create']>().returns.resolves.toEqualTypeOf<CreateRequestResult<SystemUserRequest>>()
    expectTypeOf<AltinnClient['agentRequests']['waitForDecision']>().returns.resolves.toEqualTypeOf<AgentSystemUserRequest>()
    expectTypeOf<AltinnClient['requests']['list']>().returns.toEqualTypeOf<PageIterable<SystemUserRequest>>()
    expectTypeOf<PageIterable<SystemUser>>().toMatchTypeOf<AsyncIterable<SystemUser>>()
    expectTypeOf<AltinnClient['systemUsers']['find']>().returns.resolves.toEqualTypeOf<SystemUser | undefined>()
    expectTypeOf<AltinnClient['tokens']['systemUser']>().returns.resolves.toEqualTypeOf<AccessToken>()
    expectTypeOf<AccessToken>().toMatchTypeOf<{ accessToken: string; expiresAt: Date }>()
    expectTypeOf<AltinnClient['handleRedirect']>().returns.resolves.toEqualTypeOf<RedirectOutcome>()
    expectTypeOf<SystemUserRequest['status']>().toEqualTypeOf<RequestStatus>()
    expectTypeOf<RequestStatus>().toEqualTypeOf<'New' | 'Accepted' | 'Rejected' | 'Denied' | 'Timedout'>()
  })

  it('takes a named environment or three URLs, and per-call options last', () => {
    expectTypeOf<AltinnClientOptions['environment']>().toEqualTypeOf<'tt02' | 'production' | sdk.EnvironmentUrls>()
    // @ts-expect-error 'prod' is not an environment
    const wrong: AltinnClientOptions['environment'] = 'prod'
    void wrong
    expectTypeOf<AltinnClient['requests']['get']>().parameters.toEqualTypeOf<[requestId: string, options?: sdk.CallOptions]>()
    expectTypeOf<sdk.CallOptions>().toEqualTypeOf<{ signal?: AbortSignal | undefined; timeoutMs?: number | undefined }>()
  })

  it('asks agent requests for access packages and never for rights', () => {
    expectTypeOf<CreateAgentRequestInput>().toHaveProperty('accessPackages')
    expectTypeOf<CreateAgentRequestInput>().not.toHaveProperty('rights')
    expectTypeOf<AgentSystemUserRequest>().not.toHaveProperty('rights')
  })

  it('names change requests by system user and correlation id, and types their six statuses', () => {
    expectTypeOf<AltinnClient['changeRequests']['create']>().returns.resolves.toEqualTypeOf<CreateRequestResult<SystemUserChangeRequest>>()
    expectTypeOf<AltinnClient['changeRequests']['list']>().returns.toEqualTypeOf<PageIterable<SystemUserChangeRequest>>()
    expectTypeOf<AltinnClient['changeRequests']['waitForDecision']>().returns.resolves.toEqualTypeOf<SystemUserChangeRequest>()
    expectTypeOf<CreateChangeRequestInput>().toHaveProperty('systemUserId')
    expectTypeOf<CreateChangeRequestInput>().not.toHaveProperty('systemId')
    expectTypeOf<SystemUserChangeRequest['status']>().toEqualTypeOf<ChangeRequestStatus>()
    expectTypeOf<ChangeRequestStatus>().toEqualTypeOf<'New' | 'Accepted' | 'Rejected' | 'Denied' | 'Timedout' | 'NoChangeNeeded'>()
  })

  it('narrows errors with the guards', () => {
    const e: unknown = new Error('x')
    if (isAltinnProblem(e, 'AUTH-00013')) expectTypeOf(e).toEqualTypeOf<AltinnProblemError>()
    if (isMaskinportenError(e, 'MP-303')) expectTypeOf(e).toEqualTypeOf<MaskinportenError>()
    expectTypeOf<SystemUserAlreadyExistsError>().toMatchTypeOf<AltinnProblemError>()
    expectTypeOf<SystemUserAlreadyExistsError['findSystemUser']>().returns.resolves.toEqualTypeOf<SystemUser | undefined>()
    expectTypeOf<AltinnProblemError['code']>().toEqualTypeOf<string | undefined>()
  })
})
