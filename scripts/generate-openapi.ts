/**
 * Writes mock-server/openapi/openapi.json: the OpenAPI 3.1 document the mock serves at `/__mock/openapi.json`, for
 * the default seed at http://127.0.0.1:5101. Run it after changing a route, the contract or the problem catalogue
 * (a test says when the file is behind): `node --import tsx scripts/generate-openapi.ts`.
 */
import { writeFileSync } from 'node:fs'
import { OPENAPI_FILE, openApiFileText } from '../mock-server/openapi/committed.ts'
import { allRoutes } from '../mock-server/table.ts'

writeFileSync(OPENAPI_FILE, openApiFileText(allRoutes))
console.log(`wrote ${OPENAPI_FILE}`)
