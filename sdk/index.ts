/**
 * The vendor SDK for Altinn system users (systembruker): typed, resilient, and honest about the redirect.
 * Everything a vendor uses is exported here by name; nothing else is public.
 *
 * @example
 * ```ts
 * import { createAltinnClient, isAltinnProblem } from './sdk/index.ts'
 *
 * const client = createAltinnClient({ environment: 'tt02', maskinporten: { clientId, key: privateJwk } })
 * const { request } = await client.requests.create({
 *   systemId: '318882703_smartcloud',
 *   partyOrgNo: '312091437',
 *   rights: [{ resource: [{ id: 'urn:altinn:resource', value: 'ske-krav-og-betalinger' }] }],
 * })
 * console.log('Send the customer to', request.confirmUrl)
 * const decided = await client.requests.waitForDecision(request)
 * if (decided.status === 'Accepted') {
 *   const { accessToken } = await client.tokens.systemUser({ orgNo: '312091437', scopes: ['skatteetaten:kravogbetalinger'] })
 * }
 * ```
 */

// The client
export { createAltinnClient } from './client.ts'
export type { AltinnClient, AltinnClientOptions, AccessTokenProvider } from './client.ts'

// Environments
export { Environments, mockEnvironment } from './contract/index.ts'
export type { EnvironmentUrls, EnvironmentName } from './contract/index.ts'
export type { AltinnEnvironment } from './environments.ts'

// Calls: per-call options, retries, logging
export type { CallOptions, Logger } from './http.ts'
export type { RetryOptions } from './retry.ts'

// Tokens
export { createMaskinportenTokenProvider } from './maskinporten/index.ts'
export type {
  AccessToken,
  AssertionAlgorithm,
  MaskinportenClientOptions,
  MaskinportenKey,
  MaskinportenTokenProviderOptions,
  SigningFunction,
  SystemUserTokenParams,
  TokenCallOptions,
  TokenProvider,
} from './maskinporten/index.ts'

// Resources
export type { SystemRegisterResource, SystemInput } from './resources/system-register.ts'
export type {
  CreateRequestResult,
  CreateStandardRequestInput,
  ExternalRefLookup,
  RequestRef,
  StandardRequestResource,
  SystemUserRequest,
} from './resources/system-user-requests.ts'
export type { AgentRequestResource, AgentSystemUserRequest, CreateAgentRequestInput } from './resources/agent-requests.ts'
export type { ChangeRequestResource, CreateChangeRequestInput, SystemUserChangeRequest } from './resources/change-requests.ts'
export type { SystemUser, SystemUserLookup, SystemUsersResource } from './resources/system-users.ts'
export type {
  AgentSystemUser,
  ClientDelegationResource,
  ClientDelegationTokenProvider,
  ClientDelegationTokenSource,
  ClientList,
} from './resources/client-delegation.ts'
export type { PageIterable } from './resources/paginate.ts'

// Waiting
export type { PollEvent, WaitOptions } from './polling.ts'

// The redirect (client.buildRedirectUrl and client.handleRedirect; the state alone for a return URL the client cannot build)
export { signRedirectState } from './redirect.ts'
export type { RedirectOutcome, RedirectState, RedirectStateOptions } from './redirect.ts'

// Errors
export {
  AltinnContractError,
  AltinnError,
  AltinnHttpError,
  AltinnNetworkError,
  AltinnProblemError,
  AltinnTimeoutError,
  MaskinportenError,
  MaskinportenSystemUserNotFoundError,
  RedirectStateError,
  SystemUserAlreadyExistsError,
  isAltinnError,
  isAltinnHttpError,
  isAltinnProblem,
  isMaskinportenError,
  isSystemUserAlreadyExists,
  isTransientError,
} from './errors/index.ts'
export type { ContractIssue, ExistingSystemUserRef, RedirectStateFailure } from './errors/index.ts'

// The wire contract's vocabulary (the DTOs under the names above; the schemas are in altinn-systemuser-sdk/contract)
export { Problems, ValidationErrors, Scopes, RequestStatuses, ChangeRequestStatuses } from './contract/index.ts'
export type {
  AccessPackage,
  ChangeRequestStatus,
  ClientDelegationResponse,
  ClientInfo,
  OrgIdentifier,
  ProblemCode,
  ProblemDescriptor,
  RegisteredSystemDTO,
  RegisteredSystemResponse,
  RequestStatus,
  Right,
  SystemChangeLog,
  SystemUserInfo,
  SystemUserType,
  ValidationError,
} from './contract/index.ts'
