/** The open headings above the current point of a document, outermost first. */
export type HeadingStack = ReadonlyArray<{ level: number; title: string }>;

/** A heading closes every open heading of the same or a deeper level, then opens itself. */
export function enterHeading(stack: HeadingStack, level: number, title: string): HeadingStack {
  return [...stack.filter((open) => open.level < level), { level, title }];
}

export function headingTitles(stack: HeadingStack): string[] {
  return stack.map((open) => open.title);
}
