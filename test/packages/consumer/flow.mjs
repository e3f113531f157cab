// A vendor's standard flow in plain JavaScript (ESM), with the installed SDK against an installed mock:
//   node flow.mjs <mock URL> [<the prefix every URL the mock hands out must have>]
// Prints one JSON line: what the flow saw (see flow-steps.cjs).
import { createAltinnClient, mockEnvironment } from 'altinn-systemuser-sdk'
import { Routes } from 'altinn-systemuser-sdk/contract'
import runFlow from './flow-steps.cjs'

const [base, expectedPrefix] = process.argv.slice(2)
console.log(JSON.stringify(await runFlow({ createAltinnClient, mockEnvironment, Routes }, base, expectedPrefix)))
