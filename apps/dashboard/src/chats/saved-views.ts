/** Named filter sets, kept in this browser per tenant (localStorage): a view is a name and the page's query string. */
export interface SavedView {
  name: string;
  search: string;
}

interface Storage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const key = (tenantId: string) => `confab.chatViews.${tenantId}`;
export const MAX_VIEWS = 30;

export function loadViews(storage: Storage, tenantId: string): SavedView[] {
  try {
    const parsed = JSON.parse(storage.getItem(key(tenantId)) ?? '[]') as unknown;
    if (!Array.isArray(parsed)) return [];
    return parsed.filter((v): v is SavedView => !!v && typeof v.name === 'string' && typeof v.search === 'string').slice(0, MAX_VIEWS);
  } catch {
    return [];
  }
}

/** Saves under a name; the same name (ignoring case) replaces the earlier view. Newest first. */
export function saveView(storage: Storage, tenantId: string, view: SavedView): SavedView[] {
  const name = view.name.trim().slice(0, 60);
  if (!name) return loadViews(storage, tenantId);
  const views = [{ name, search: view.search.replace(/^\?/, '') }, ...loadViews(storage, tenantId).filter((v) => v.name.toLowerCase() !== name.toLowerCase())].slice(0, MAX_VIEWS);
  storage.setItem(key(tenantId), JSON.stringify(views));
  return views;
}

export function deleteView(storage: Storage, tenantId: string, name: string): SavedView[] {
  const views = loadViews(storage, tenantId).filter((v) => v.name !== name);
  storage.setItem(key(tenantId), JSON.stringify(views));
  return views;
}
