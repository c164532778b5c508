import { DomUtils, ElementType, parseDocument } from 'htmlparser2';

// htmlparser2 bundles its own domhandler (newer than the one at the top of node_modules); deriving the node
// types from htmlparser2's own API keeps them in step with the objects it actually builds.
export type HtmlDocument = ReturnType<typeof parseDocument>;
export type HtmlNode = HtmlDocument['children'][number];
export type HtmlElement = Parameters<typeof DomUtils.getAttributeValue>[0];

/** Elements, including <script> and <style> which have node types of their own. */
export function isElement(node: HtmlNode): node is HtmlElement {
  return ElementType.isTag(node);
}

export function isTextNode(node: HtmlNode): node is HtmlNode & { data: string } {
  return node.type === ElementType.Text;
}

export function parseHtmlDom(html: string): HtmlDocument {
  return parseDocument(html, { lowerCaseTags: true, lowerCaseAttributeNames: true, decodeEntities: true });
}

export function findFirst(nodes: HtmlNode[], test: (el: HtmlElement) => boolean): HtmlElement | undefined {
  return DomUtils.findOne(test, nodes, true) ?? undefined;
}

export function findEvery(nodes: HtmlNode[], test: (el: HtmlElement) => boolean): HtmlElement[] {
  return DomUtils.findAll(test, nodes);
}

export function attribute(el: HtmlElement, name: string): string | undefined {
  return DomUtils.getAttributeValue(el, name);
}
