/**
 * A small, strict XML reader for checking the reports the scenario command writes: it accepts only well-formed
 * documents (one root, tags closed in order, attribute values quoted, no duplicate attributes, only the five
 * predefined entities and character references, no raw `<` or `&` in text, no characters XML 1.0 forbids) and
 * throws with the offset otherwise. Enough for JUnit files; no DTDs, CDATA or processing instructions but the
 * declaration.
 *
 * @example
 * ```ts
 * const root = parseStrictXml('<?xml version="1.0"?><a b="1">x &amp; y</a>')
 * root.attributes.b // '1'
 * ```
 */

export interface XmlElement {
  name: string
  attributes: Record<string, string>
  children: XmlElement[]
  /** The element's own text (entities decoded), its children's left out. */
  text: string
}

const NAME = /^[A-Za-z_][\w.-]*/
const FORBIDDEN = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/

function decode(raw: string, at: number): string {
  if (FORBIDDEN.test(raw)) throw new Error(`a character XML forbids near offset ${at}`)
  if (/<|&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(raw)) throw new Error(`a raw < or & near offset ${at}: ${JSON.stringify(raw.slice(0, 80))}`)
  return raw.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) =>
    e === 'amp' ? '&' : e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : e === 'apos' ? "'" : String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1))),
  )
}

/** Parse a whole document; throws when it is not well-formed. */
export function parseStrictXml(xml: string): XmlElement {
  let i = 0
  const decl = /^<\?xml(\s+[a-z]+="[^"]*")*\s*\?>\s*/.exec(xml)
  if (decl) i = decl[0].length
  const stack: XmlElement[] = []
  let root: XmlElement | undefined
  while (i < xml.length) {
    if (xml[i] !== '<') {
      const end = xml.indexOf('<', i)
      const raw = xml.slice(i, end === -1 ? xml.length : end)
      if (!stack.length) {
        if (raw.trim()) throw new Error(`text outside the root at offset ${i}`)
      } else stack.at(-1)!.text += decode(raw, i)
      i = end === -1 ? xml.length : end
      continue
    }
    if (xml.startsWith('</', i)) {
      const m = /^<\/([A-Za-z_][\w.-]*)\s*>/.exec(xml.slice(i))
      if (!m) throw new Error(`a bad closing tag at offset ${i}`)
      const open = stack.pop()
      if (!open || open.name !== m[1]) throw new Error(`</${m[1]}> closes <${open?.name ?? 'nothing'}> at offset ${i}`)
      i += m[0].length
      continue
    }
    const name = NAME.exec(xml.slice(i + 1))?.[0]
    if (!name) throw new Error(`a bad tag at offset ${i}`)
    if (root && !stack.length) throw new Error(`a second root <${name}> at offset ${i}`)
    let j = i + 1 + name.length
    const attributes: Record<string, string> = {}
    for (;;) {
      const space = /^\s*/.exec(xml.slice(j))![0].length
      j += space
      if (xml.startsWith('/>', j) || xml[j] === '>') break
      if (!space) throw new Error(`no space before an attribute at offset ${j}`)
      const a = /^([A-Za-z_][\w.:-]*)="([^"]*)"/.exec(xml.slice(j))
      if (!a) throw new Error(`an attribute that is not name="value" at offset ${j}`)
      if (a[1]! in attributes) throw new Error(`attribute ${a[1]} twice at offset ${j}`)
      if (/[\t\n\r]/.test(a[2]!)) throw new Error(`a raw tab or line break in attribute ${a[1]} at offset ${j}`)
      attributes[a[1]!] = decode(a[2]!, j)
      j += a[0].length
    }
    const element: XmlElement = { name, attributes, children: [], text: '' }
    if (stack.length) stack.at(-1)!.children.push(element)
    else root = element
    if (xml.startsWith('/>', j)) i = j + 2
    else {
      stack.push(element)
      i = j + 1
    }
  }
  if (stack.length) throw new Error(`<${stack.at(-1)!.name}> is never closed`)
  if (!root) throw new Error('no root element')
  return root
}

/** Every element below `root` (and `root` itself) with this name, in document order. */
export function elementsNamed(root: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = []
  const walk = (e: XmlElement) => {
    if (e.name === name) out.push(e)
    e.children.forEach(walk)
  }
  walk(root)
  return out
}
