/** Identifiers (tool and column names, URLs) typed in monospace; only the input, not its label and help. */
export const MONO_INPUT = { input: { fontFamily: 'var(--mantine-font-family-monospace)' } };
