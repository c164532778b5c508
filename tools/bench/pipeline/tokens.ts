/**
 * Every benchmark message carries a unique token in its text; the model echoes the tokens it was asked about,
 * so a send seen by the Graph fake names the customer messages it answers (several when replies are coalesced).
 */
const TOKEN = /tok_[0-9a-z]+_\d+/g;

export const tokensIn = (text: string): string[] => text.match(TOKEN) ?? [];

let counter = 0;
const runTag = Math.random().toString(36).slice(2, 8);

export const nextToken = (): string => `tok_${runTag}_${++counter}`;
