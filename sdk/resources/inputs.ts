/**
 * The SDK's input types come from the contract's schemas, so each field is defined once: `InputOf<typeof XSchema>`
 * is what the schema accepts (`z.input`), with its lists readonly, so a vendor's `as const` lists fit as they are.
 */
import type { z } from 'zod'

type ReadonlyList<V> = V extends readonly (infer U)[] ? readonly U[] : V

/** What `S` accepts, its top-level lists readonly. */
export type InputOf<S extends z.ZodType> = { [K in keyof z.input<S>]: ReadonlyList<z.input<S>[K]> }
