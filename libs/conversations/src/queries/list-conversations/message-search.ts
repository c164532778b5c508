import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Full-text search over message text. The SQL side (migration MessageSearch) keeps one tsvector per message with a
 * German and an English stemmed reading, through unaccent; `confab_search_query(q)` reads the user's text the same
 * way (websearch syntax: "quoted phrases", -excluded, or), with umlauts spelt both ways.
 */

/** Where a hit starts and ends in the snippet: control characters a message never carries (stripped from the text first). */
const START = '\u0002';
const STOP = '\u0003';

const HEADLINE_OPTIONS = `StartSel="${START}", StopSel="${STOP}", MaxWords=24, MinWords=10, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "`;

const umlautsSpelt = (w: string) => w.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss');
const spellingsAsUmlauts = (w: string) => w.replace(/ae/g, 'ä').replace(/oe/g, 'ö').replace(/ue/g, 'ü');

/** One word as a to_tsquery operand group: quoted (so no character is an operator) with its umlaut spellings. */
function operand(word: string): string {
  const lower = word.toLowerCase();
  const spellings = [...new Set([lower, umlautsSpelt(lower), spellingsAsUmlauts(lower)])];
  const quoted = spellings.map((s) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`);
  return quoted.length === 1 ? quoted[0] : `(${quoted.join(' | ')})`;
}

/**
 * What the user typed, in web-search syntax ("quoted phrase", -excluded, `or` between alternatives, words otherwise
 * all required), as to_tsquery text. Built here rather than by websearch_to_tsquery so that each word can carry its
 * spellings ("Grüße" also as "Gruesse", "gruesse" also as "grüsse") as alternatives of that word only: alternatives
 * of the whole query would let an excluded word through in the reading that spells it differently. An empty result
 * (only operators typed) matches nothing.
 */
export function searchExpression(q: string): string {
  const groups: string[][] = [[]];
  const tokens = q.matchAll(/(-?)"([^"]*)"?|(\S+)/g);
  for (const [, minus, phrase, word] of tokens) {
    if (word !== undefined && word.toLowerCase() === 'or') {
      if (groups[groups.length - 1].length) groups.push([]);
      continue;
    }
    const negated = minus === '-' || (word !== undefined && word.startsWith('-'));
    const text = phrase ?? word.replace(/^-+/, '');
    const words = text.split(/\s+/).filter(Boolean);
    if (!words.length) continue;
    const term = words.map(operand).join(' <-> ');
    groups[groups.length - 1].push(negated ? `!(${term})` : words.length > 1 ? `(${term})` : term);
  }
  const alternatives = groups.filter((g) => g.length).map((g) => g.join(' & '));
  return alternatives.length > 1 ? alternatives.map((a) => `(${a})`).join(' | ') : (alternatives[0] ?? '');
}

export interface Highlight {
  /** Offsets into `snippet` in UTF-16 code units (what JavaScript's String indexes), end exclusive. */
  start: number;
  end: number;
}

export interface SearchMatch {
  messageId: string;
  snippet: string;
  highlights: Highlight[];
}

export interface RankedHit {
  conversationId: string;
  messageId: string;
  rank: number;
}

/** ts_headline's output with its markers turned into offsets, so a client renders it without HTML. */
export function parseHeadline(marked: string): { snippet: string; highlights: Highlight[] } {
  let snippet = '';
  const highlights: Highlight[] = [];
  let open = -1;
  for (const ch of marked) {
    if (ch === START) open = snippet.length;
    else if (ch === STOP) {
      if (open >= 0 && snippet.length > open) highlights.push({ start: open, end: snippet.length });
      open = -1;
    } else snippet += ch;
  }
  return { snippet: snippet.trim() === snippet ? snippet : trimKeepingOffsets(snippet, highlights), highlights };
}

function trimKeepingOffsets(snippet: string, highlights: Highlight[]): string {
  const lead = snippet.length - snippet.trimStart().length;
  for (const h of highlights) {
    h.start -= lead;
    h.end -= lead;
  }
  return snippet.trim();
}

/**
 * How many matching messages, newest first, a search ranks. The work of a search is bounded by it whatever the
 * word: a rare word's few hits come from the GIN index, a common word's newest hits from the (tenant, time) index
 * walked backwards, and the planner picks between the two by the word's frequency. A word in a third of a
 * million messages would otherwise mean ranking (reading) all of them on every keystroke.
 *
 * The walk reads about SEARCH_WINDOW / (the word's share of messages) rows from the heap, each a fetch of the row
 * for its vector: for a word in 3% of a million messages, 500 meant 16,700 rows and 9-14 ms of the search (most
 * of it), 200 means 6,700 rows and about 3 ms (docs/benchmarks.md, "Search and export memory, third pass"). 200
 * matches still fill four pages of 50 conversations; older ones are reached with from/to or another filter.
 */
export const SEARCH_WINDOW = 200;

/**
 * The best-matching message of each conversation among the newest SEARCH_WINDOW matching messages of the filtered
 * set, ranked: ts_rank over the stored vector (normalised by length, so a short message that is mostly the query
 * beats a long one that mentions it once), then the conversation's latest activity. `filtered` is the list's own
 * filter rendered as SQL selecting `c.id, c.last_message_at`, so every other filter narrows the window itself;
 * null when the list has no filter but the tenant's.
 *
 * Without a filter the window is taken from the messages alone (the tenant's messages are its conversations'
 * messages), and only the window's conversations are read for their latest activity. Joined to the set of all the
 * tenant's conversations instead, the planner weighs a hash join over every conversation against the window's
 * lookups, and for a word in about a thousand messages it chose the hash join: most of the search's time.
 */
export async function rankedHits(
  em: EntityManager,
  tenantId: string,
  q: string,
  filtered: { sql: string; params: readonly unknown[] } | null,
  page: { limit: number; offset: number },
): Promise<RankedHit[]> {
  const window = filtered
    ? `select m.conversation_id, m.id, m.created_at, m.search_vector, query, c.last_message_at
       from messages m join (${filtered.sql}) as c on c.id = m.conversation_id, confab_search_query(?) as query
       where m.tenant_id = ? and m.search_vector @@ query`
    : `select m.conversation_id, m.id, m.created_at, m.search_vector, query
       from messages m, confab_search_query(?) as query
       where m.tenant_id = ? and m.search_vector @@ query`;
  const latestActivity = filtered
    ? { from: 'best', column: 'last_message_at', params: [] }
    : { from: 'best join conversations c on c.id = best.conversation_id and c.tenant_id = ?', column: 'c.last_message_at', params: [tenantId] };
  const rows = await em.execute<Array<{ conversation_id: string; message_id: string; rank: number }>>(
    `with hits as (
       ${window}
       order by m.created_at desc, m.id desc
       limit ${SEARCH_WINDOW}
     ), best as (
       select distinct on (conversation_id) conversation_id, id as message_id, ts_rank(search_vector, query, 1) as rank${filtered ? ', last_message_at' : ''}
       from hits order by conversation_id, rank desc, created_at desc, id desc
     )
     select best.conversation_id, best.message_id, best.rank from ${latestActivity.from}
     order by best.rank desc, ${latestActivity.column} desc nulls last, best.conversation_id desc
     limit ? offset ?`,
    [...(filtered?.params ?? []), searchExpression(q), tenantId, ...latestActivity.params, page.limit, page.offset],
  );
  return rows.map((r) => ({ conversationId: r.conversation_id, messageId: r.message_id, rank: Number(r.rank) }));
}

/**
 * A short snippet around the hit for each message. The German reading marks German words, the English one English
 * words; the one that marked something wins, German first, so the English headline is made only when the German one
 * marked nothing. Only the page's messages are read (at most the page size).
 */
export async function snippets(em: EntityManager, tenantId: string, q: string, messageIds: string[]): Promise<Map<string, SearchMatch>> {
  if (!messageIds.length) return new Map();
  const rows = await em.execute<Array<{ id: string; de: string; en: string | null }>>(
    `select id, de, case when strpos(de, ?) > 0 then null else ts_headline('confab_en', body, query, ?) end as en
     from (select m.id, m.body, query, ts_headline('confab_de', m.body, query, ?) as de
           from (select id, translate(text, ?, '') as body from messages where tenant_id = ? and id = any(?::uuid[])) as m,
                confab_search_query(?) as query
           offset 0) as marked`,
    // Ids come from the hits query (uuids), so the array literal needs no escaping.
    [START, HEADLINE_OPTIONS, HEADLINE_OPTIONS, START + STOP, tenantId, `{${messageIds.join(',')}}`, searchExpression(q)],
  );
  const out = new Map<string, SearchMatch>();
  for (const row of rows) {
    const marked = row.en === null || row.de.includes(START) || !row.en.includes(START) ? row.de : row.en;
    out.set(row.id, { messageId: row.id, ...parseHeadline(marked) });
  }
  return out;
}
