// A vendor's standard flow in plain JavaScript (CommonJS), with the installed SDK against an installed mock:
//   node flow.cjs <mock URL> [<the prefix every URL the mock hands out must have>]
// Prints one JSON line: what the flow saw (see flow-steps.cjs).
// require() of the ESM packages: Node 20.19 and newer.
const { createAltinnClient, mockEnvironment } = require('altinn-systemuser-sdk')
const { Routes } = require('altinn-systemuser-sdk/contract')
const runFlow = require('./flow-steps.cjs')

const [base, expectedPrefix] = process.argv.slice(2)
runFlow({ createAltinnClient, mockEnvironment, Routes }, base, expectedPrefix).then(
  (result) => console.log(JSON.stringify(result)),
  (e) => {
    console.error(e)
    process.exit(1)
  },
)
