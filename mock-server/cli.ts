#!/usr/bin/env -S node --import tsx
/**
 * The `altinn-systemuser-mock` command: `start` and `scenario`. See `command.ts`.
 */
import { main } from './command.ts'

process.exit(await main(process.argv.slice(2)))
