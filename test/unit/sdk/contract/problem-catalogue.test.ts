/**
 * The problem catalogue against Altinn's: every AUTH code the mock knows, with the status and the title of
 * Altinn/altinn-authentication `src/Core/Problems/Problem.cs` at `ad4f6f36`, and every AUTH.VLD code with the title
 * of `src/Core/Errors/ValidationErrors.cs`, word for word (spelling included), as the November 2026 audit lists
 * them (§3, §4). A vendor who matches on a title in a test sees what production sends.
 */
import { describe, expect, it } from 'vitest'
import { Problems, ProblemsByCode, ValidationErrors, ValidationProblem, statusDescriptionOf } from '../../../../sdk/contract/index.ts'

/** [code, status, title] of every AUTH problem in Altinn's catalogue but the self-identified link flow (AUTH-00072 to 00078). */
const ALTINN_PROBLEMS: readonly (readonly [string, number, string])[] = [
  ['AUTH-00000', 400, "Can't resolve the Organisation Number from the logged in Reportee PartyId."],
  ['AUTH-00001', 400, 'One or more Right not found or not delegable.'],
  ['AUTH-00002', 400, 'The Delegation failed.'],
  ['AUTH-00003', 400, 'Failed to create the SystemUser.'],
  ['AUTH-00004', 400, 'Failed to create new SystemUser, existing SystemUser tied to the given System-Id.'],
  ['AUTH-00005', 400, 'Default error at the end of logic chain. Not supposed to appear.'],
  ['AUTH-00006', 400, 'The combination of External Ids refer to an already Accepted SystemUser.'],
  ['AUTH-00007', 400, 'The combination of External Ids refer to a Pending Request, please reuse or delete.'],
  ['AUTH-00008', 400, 'The combination of External Ids refer to a Denied Request, please delete and renew the Request.'],
  ['AUTH-00009', 400, 'The combination of External Ids refer to a Rejected Request, please delete and renew the Request.'],
  ['AUTH-00010', 404, 'The Id does not refer to a Request in our system.'],
  ['AUTH-00011', 404, 'The Id does not refer to a Registered System.'],
  ['AUTH-00012', 404, 'An error occured when storing the Request.'],
  ['AUTH-00013', 409, 'The Status of the Request is not New.'],
  ['AUTH-00014', 403, 'DelegationCheck failed with unknown error.'],
  ['AUTH-00015', 404, 'The SystemUser was not found.'],
  ['AUTH-00016', 403, 'DelegationCheck failed with error: Has not access by a delegation of role in ER or Altinn.'],
  ['AUTH-00017', 404, 'The SystemName was not found.'],
  ['AUTH-00018', 403, 'DelegationCheck failed with error: Has not access by direct delegation.'],
  ['AUTH-00019', 403, 'DelegationCheck failed with error: The service requires explicit access in SRR and the reportee is missing this.'],
  ['AUTH-00020', 403, 'DelegationCheck failed with error: The service requires explicit authentication level and the reportee is missing this.'],
  ['AUTH-00021', 400, 'The RedirectUri was not found or not valid.'],
  ['AUTH-00022', 400, 'The operation to revoke rights failed.'],
  ['AUTH-00023', 401, "Can't resolve the Organisation Number for the Vendor from the Token."],
  ['AUTH-00024', 403, "you don't have rights to delete this systemuser"],
  ['AUTH-00025', 400, 'The request id is valid but its not a valid request for creating an agent system user'],
  ['AUTH-00026', 400, 'No redirect uris are set for the system'],
  ['AUTH-00027', 400, "The accesspackage provided in the request can't be mapped to a valid role."],
  ['AUTH-00028', 400, 'The customer id was not provided or did not validate.'],
  ['AUTH-00030', 404, 'The Id does not refer to an AgentRequest in our system.'],
  ['AUTH-00031', 400, 'Party does not match delegation facilitator.'],
  ['AUTH-00032', 400, 'Assignment not found.'],
  ['AUTH-00033', 400, 'Failed to delete the agent system user'],
  ['AUTH-00034', 400, 'The system user type of the provided system user GUID is not an agent.'],
  ['AUTH-00035', 400, 'The system user has delegations from customer. Remove the delegations before deleting the system user'],
  ['AUTH-00036', 400, 'The system user type of the provided system user GUID is not standard.'],
  ['AUTH-00037', 400, 'To many assignment found'],
  ['AUTH-00038', 400, 'Delegation not found'],
  ['AUTH-00039', 400, 'Party does not match delegation facilitator'],
  ['AUTH-00040', 400, 'Party does not match delegation assignments'],
  ['AUTH-00041', 403, "Party does not match request's orgno"],
  ['AUTH-00042', 403, "Party does not match agent request's orgno"],
  ['AUTH-00043', 401, 'Unauthorized'],
  ['AUTH-00044', 403, 'Forbidden'],
  ['AUTH-00045', 400, 'Failed to get clients'],
  ['AUTH-00046', 400, 'Failed to get list of accesspackages delegated'],
  ['AUTH-00047', 400, 'Unable to add system user as right holder to the organisation'],
  ['AUTH-00048', 400, 'Unable to push system user information to access management'],
  ['AUTH-00049', 400, 'The party is missing its uuid.'],
  ['AUTH-00050', 400, 'The delegation check failed for access packages'],
  ['AUTH-00051', 400, 'The delegation of access package to the system user failed'],
  ['AUTH-00052', 400, 'One or more access packages are invalid'],
  ['AUTH-00053', 400, 'The user does not have enough access to delegate the requested access packages'],
  ['AUTH-00054', 400, 'Unable to remove system user as right holder from the organisation'],
  ['AUTH-00055', 500, 'Failed to get delegated access packages'],
  ['AUTH-00056', 400, 'Failed to delete system user'],
  ['AUTH-00057', 400, 'Failed to delete access package delegation for system user'],
  ['AUTH-00058', 400, 'No AccessPackages found, an Agent SystemUser must have at least one'],
  ['AUTH-00059', 400, 'No AccessPackages or Single Rights found, a SystemUser must have at least one'],
  ['AUTH-00060', 404, 'An error occured when Updating the Request.'],
  ['AUTH-00061', 409, 'The Status of the Request is not New. Please generate a new CorrellationId for a new Change Request'],
  ['AUTH-00062', 500, 'Failed to get delegated rights'],
  ['AUTH-00063', 400, 'One or more accesspackage is not found in the referenced system in the System Register.'],
  ['AUTH-00064', 400, 'One or more access packages cannot be delegated. Either they are intended for clients or they cannot be delegated further.'],
  ['AUTH-00065', 400, 'One or more access packages cannot be delegated because they are not intended for client relationships'],
  ['AUTH-00066', 403, 'The request requires logged in user to have accessmanager write.'],
  ['AUTH-00067', 400, 'Unable to add system user as agent for the organisation'],
  ['AUTH-00068', 403, 'DelegationCheck failed with error: Has not access by a delegation of package in Altinn.'],
  ['AUTH-00069', 403, 'DelegationCheck failed with error: The receiver does not have the right based on Access List delegation.'],
  ['AUTH-00070', 403, 'DelegationCheck failed with error: The resource cannot be delegated to another user or entity.'],
  ['AUTH-00071', 403, 'DelegationCheck failed with error: The resource is not delegable because it is a Maskinporten schema resource.'],
  ['AUTH-00079', 400, 'Client not found.'],
  ['AUTH-00080', 400, 'Client does not have the accesspackages the agent system user requires'],
]

/** [code, title] of every AUTH.VLD descriptor (VLD-00014 twice; there is no VLD-00010). */
const ALTINN_VALIDATION_ERRORS: readonly (readonly [string, string])[] = [
  ['AUTH.VLD-00000', 'the org number identifier is not valid ISO6523 identifier'],
  ['AUTH.VLD-00001', 'The system id does not match the format orgnumber_xxxx...'],
  ['AUTH.VLD-00002', 'The system id already exists'],
  ['AUTH.VLD-00003', "One or more resources specified in rights were not found in Altinn's resource register."],
  ['AUTH.VLD-00004', 'One of the client id is already tagged with an existing system'],
  ['AUTH.VLD-00005', 'One or more of the redirect urls format is not valid. The valid format is https://xxx.xx'],
  ['AUTH.VLD-00006', 'One or more duplicate rights found'],
  ['AUTH.VLD-00007', 'One or more duplicate access package(s) found'],
  ['AUTH.VLD-00008', "One or all the accesspackage(s) is not found in altinn's access packages or is not delegable"],
  ['AUTH.VLD-00009', 'One or more resource id is in wrong format. The valid format is urn:altinn:resource'],
  ['AUTH.VLD-00011', 'Request contains duplicate client ids'],
  ['AUTH.VLD-00012', 'The system ID in the request body does not match the system ID in the URL'],
  ['AUTH.VLD-00013', 'System ID cannot have spaces in id (leading, trailing or in between the id)'],
  ['AUTH.VLD-00014', 'The agent query parameter is missing or invalid'],
  ['AUTH.VLD-00014', 'System user not found'],
  ['AUTH.VLD-00015', 'SystemUser is not a valid system user of type agent'],
  ['AUTH.VLD-00016', 'The client query parameter is missing or invalid'],
  ['AUTH.VLD-00017', 'One or more resources specified in rights is of resource type which is not delegable.'],
  ['AUTH.VLD-00018', "Access packages meant for system user for client relations can't be used in combination with the flag isVisible: true"],
]

describe("the problem catalogue, as Altinn's code has it", () => {
  it.each(ALTINN_PROBLEMS)('%s answers %i with Altinn\'s title', (code, status, title) => {
    expect(ProblemsByCode.get(code)).toEqual({ code, status, title })
  })

  it('holds those AUTH codes and no other', () => {
    expect(Object.values(Problems).map((p) => p.code).sort()).toEqual(ALTINN_PROBLEMS.map(([code]) => code).sort())
  })

  it('holds every validation error with Altinn\'s title, and no other', () => {
    expect(Object.values(ValidationErrors).map((v) => [v.code, v.title]).sort()).toEqual([...ALTINN_VALIDATION_ERRORS].map((v) => [...v]).sort())
  })

  it('wraps validation errors in STD-00000 with ASP.NET\'s title', () => {
    expect(ValidationProblem).toEqual({ code: 'STD-00000', status: 400, title: 'One or more validation errors occurred.' })
  })

  it.each([
    [400, 'Bad Request'],
    [401, 'Unauthorized'],
    [403, 'Forbidden'],
    [404, 'Not Found'],
    [409, 'Conflict'],
    [413, 'Content Too Large'],
    [429, 'Too Many Requests'],
    [500, 'An error occurred while processing your request.'],
    [502, 'Bad Gateway'],
    [599, ''],
  ])('describes status %i as ProblemDetails v5.4.0 does: %j', (status, description) => {
    expect(statusDescriptionOf(status)).toBe(description)
  })
})
