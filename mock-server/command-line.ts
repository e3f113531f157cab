/**
 * Command-line parsing shared by the `altinn-systemuser-mock` commands: `node:util`'s `parseArgs`, strict, with
 * its errors turned into one short line.
 */
import { parseArgs } from 'node:util'

/** A command-line mistake: the command prints one line on stderr and exits with code 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>

/**
 * Parse `args` strictly; a wrong option becomes a {@link UsageError} such as `unknown option --prot` instead of
 * Node's paragraph.
 *
 * @example
 * ```ts
 * parseCommandLine(['--port', '0'], { port: { type: 'string' } }).values.port // '0'
 * ```
 */
export function parseCommandLine(args: string[], options: OptionSpec): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true })
  } catch (e) {
    const err = e as NodeJS.ErrnoException
    const option = /'(-[^']*)'/.exec(err.message)?.[1]
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`unknown option ${option ?? ''}`.trim())
    if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new UsageError(option ? `${option.split(' ')[0]} needs a value` : err.message.split('\n')[0]!)
    throw new UsageError(err.message.split('\n')[0]!)
  }
}
