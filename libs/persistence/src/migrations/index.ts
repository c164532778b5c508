import { Migration20261125000000InitialSchema } from './initial-schema.migration';

/** Listed explicitly so a bundled build (no migrations folder on disk) can migrate itself. */
export const migrationsList = [{ name: 'Migration20261125000000InitialSchema', class: Migration20261125000000InitialSchema }];
