/**
 * The benchmark's figures, their marks, and the table and JSON they are shown as.
 */

/** How a figure is judged. */
export type Mark =
  /** ours / ceiling must be at least `min`. */
  | { kind: 'ratio-at-least'; min: number }
  /** ours must be at most `max` (in the figure's unit). */
  | { kind: 'at-most'; max: number }
  /** ours / reference (the figure at the small size) must be at most `max`: it does not grow with the store. */
  | { kind: 'flat'; max: number }
  /** Shown, not judged. */
  | { kind: 'info' }

/** One row of the table. */
export interface Figure {
  id: string
  figure: string
  unit: string
  ours: number
  /** The ceiling (or, for `flat`, the figure at 1 000 stored requests); null when there is none. */
  ceiling: number | null
  ratio: number | null
  mark: Mark
  /** null for figures that are only shown. */
  pass: boolean | null
}

/**
 * A judged figure: the ratio and pass/fail follow from the mark.
 *
 * @example
 * ```ts
 * figure('poll', 'status poll', 'req/s', 12000, 24000, { kind: 'ratio-at-least', min: 0.5 }) // ratio 0.5, pass
 * ```
 */
export function figure(id: string, name: string, unit: string, ours: number, ceiling: number | null, mark: Mark): Figure {
  const ratio = ceiling === null || ceiling === 0 || mark.kind === 'at-most' ? null : ours / ceiling
  let pass: boolean | null = null
  if (mark.kind === 'ratio-at-least') pass = ratio !== null && ratio >= mark.min
  else if (mark.kind === 'flat') pass = ratio !== null && ratio <= mark.max
  else if (mark.kind === 'at-most') pass = ours <= mark.max
  return { id, figure: name, unit, ours, ceiling, ratio, mark, pass }
}

function describeMark(f: Figure): string {
  const m = f.mark
  if (m.kind === 'ratio-at-least') return `>= ${m.min} x ceiling`
  if (m.kind === 'at-most') return `<= ${m.max}${f.unit ? ` ${f.unit}` : ''}`
  if (m.kind === 'flat') return `<= ${m.max} x smaller store`
  return '-'
}

function formatNumber(n: number | null, unit = ''): string {
  if (n === null || Number.isNaN(n)) return '-'
  const abs = Math.abs(n)
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2
  const text = n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 }).replace(/,/g, ' ')
  return unit ? `${text} ${unit}` : text
}

/**
 * The table as Markdown (readable in a terminal, and pasted as it is into BENCHMARKS.md).
 *
 * @example
 * ```ts
 * console.log(renderTable(figures))
 * ```
 */
export function renderTable(figures: readonly Figure[]): string {
  const rows = figures.map((f) => [
    f.figure,
    formatNumber(f.ours, f.unit),
    formatNumber(f.ceiling, f.ceiling === null ? '' : f.unit),
    f.ratio === null ? '-' : f.ratio.toFixed(2),
    describeMark(f),
    f.pass === null ? 'info' : f.pass ? 'pass' : 'FAIL',
  ])
  const header = ['figure', 'ours', 'ceiling', 'ratio', 'mark', 'pass/fail']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`
  const rule = `|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`
  return [line(header), rule, ...rows.map(line)].join('\n')
}
