/**
 * A strict-enough well-formedness check for the tests (no XML parser among our dependencies):
 * one declaration, one root, tags balanced and properly nested, only the five predefined
 * entities or character references, no raw `<` or `&` in text.
 */
export function wellFormed(xml: string): boolean {
  const body = xml.replace(/^<\?xml version="1\.0" encoding="utf-8"\?>\n/, '');
  if (body === xml) return false;
  const stack: string[] = [];
  let roots = 0;
  const token = /<(\/?)([A-Za-z_][A-Za-z0-9_.-]*)(\/?)>|([^<]+)|(<)/g;
  for (const match of body.trimEnd().matchAll(token)) {
    const [, closing, name, selfClosing, text, stray] = match;
    if (stray) return false;
    if (text !== undefined) {
      if (stack.length === 0) return false;
      const withoutEntities = text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, '');
      if (withoutEntities.includes('&') || withoutEntities.includes('>')) return false;
      continue;
    }
    if (closing) {
      if (stack.pop() !== name) return false;
      continue;
    }
    if (stack.length === 0) roots += 1;
    if (!selfClosing) stack.push(name as string);
  }
  return stack.length === 0 && roots === 1;
}
