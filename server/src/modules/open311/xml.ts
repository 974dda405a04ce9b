/**
 * A tiny XML writer for Open311's documents: nested elements from plain values, text escaped,
 * characters XML 1.0 forbids dropped. Arrays repeat the element named by `itemName`.
 */
export type XmlValue = string | number | boolean | null | undefined | XmlNode | XmlList;
export interface XmlNode {
  [element: string]: XmlValue;
}
export interface XmlList {
  itemName: string;
  items: XmlValue[];
}

// XML 1.0 allows tab, newline and carriage return among the control characters, and no others.
// eslint-disable-next-line no-control-regex
const forbidden = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const elementName = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export function escapeXml(text: string): string {
  return text
    .replace(forbidden, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export const xmlList = (itemName: string, items: XmlValue[]): XmlList => ({ itemName, items });

function isList(value: XmlValue): value is XmlList {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as XmlList).items) &&
    typeof (value as XmlList).itemName === 'string'
  );
}

function element(name: string, value: XmlValue): string {
  if (!elementName.test(name)) throw new Error(`not an XML element name: ${name}`);
  if (value === null || value === undefined) return `<${name}/>`;
  if (isList(value))
    return `<${name}>${value.items.map((v) => element(value.itemName, v)).join('')}</${name}>`;
  if (typeof value === 'object') {
    const inner = Object.entries(value)
      .map(([child, v]) => element(child, v))
      .join('');
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** A whole document: the declaration and one root element. */
export function toXml(root: string, value: XmlValue): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value)}\n`;
}
