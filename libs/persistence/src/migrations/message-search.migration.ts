import { Migration } from '@mikro-orm/migrations';

/**
 * Rows the migration backfills itself. Above this the migration only adds the (empty) column, the trigger and the
 * index, all instant, and `npm run search:backfill` fills older rows in small batches while the platform runs:
 * a single UPDATE over millions of rows would hold the upgrade (and a row lock on every message) for minutes.
 */
export const SEARCH_BACKFILL_IN_MIGRATION = 200_000;

/**
 * Full-text search over message text (docs/api.md "Search"). One tsvector per message holds both a German and an
 * English stemmed reading of the text (German first, so phrase positions stay consistent inside each half), both
 * through `unaccent`, so "Bestellungen" finds "Bestellung", "orders" finds "order", and "Grüße" / "Grusse" / "GRÜSSE"
 * are the same word (the query side adds the ae/oe/ue/ss spellings as alternatives). The vector is kept by a trigger rather than a generated column: adding a stored generated
 * column rewrites the whole table under an exclusive lock, adding a nullable column does not.
 */
export class Migration20261206201500MessageSearch extends Migration {
  override name = 'Migration20261206201500MessageSearch';

  override async up(): Promise<void> {
    this.addSql(`
create extension if not exists unaccent;

create text search configuration confab_de (copy = german);
alter text search configuration confab_de alter mapping for hword, hword_part, word with unaccent, german_stem;
create text search configuration confab_en (copy = english);
alter text search configuration confab_en alter mapping for hword, hword_part, word with unaccent, english_stem;

create function confab_search_document(body text) returns tsvector
  language sql immutable parallel safe
  as $$ select to_tsvector('confab_de'::regconfig, body) || to_tsvector('confab_en'::regconfig, body) $$;

-- The argument is to_tsquery text built by the API from the user's words (libs/conversations message-search.ts:
-- quoted operands, umlaut spellings as alternatives); it is read in both languages, either reading may match.
create function confab_search_query(expr text) returns tsquery
  language sql immutable parallel safe
  as $$ select to_tsquery('confab_de'::regconfig, expr) || to_tsquery('confab_en'::regconfig, expr) $$;

alter table messages add column search_vector tsvector null;

create function confab_messages_search_vector() returns trigger language plpgsql as $$
begin
  new.search_vector := case when new.text is null or new.text = '' then null else confab_search_document(new.text) end;
  return new;
end $$;

create trigger messages_search_vector before insert or update of text on messages
  for each row execute function confab_messages_search_vector();

create index messages_search_idx on messages using gin (search_vector);

do $$
begin
  if (select count(*) from (select 1 from messages limit ${SEARCH_BACKFILL_IN_MIGRATION + 1}) as probe) <= ${SEARCH_BACKFILL_IN_MIGRATION} then
    update messages set search_vector = confab_search_document(text) where text is not null and text <> '';
  else
    raise notice 'messages is large: run npm run search:backfill to make older messages searchable';
  end if;
end $$;
`);
  }
}
