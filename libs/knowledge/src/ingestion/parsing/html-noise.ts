import { attribute, HtmlElement } from './html-dom';

/** Elements that never hold the page's content: code, widgets, forms and the site's own chrome. */
const NOISE_TAGS = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'iframe', 'form', 'button', 'nav', 'header', 'footer', 'aside',
  'head', 'select', 'option', 'canvas', 'object', 'embed', 'dialog',
]);

const NOISE_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'menu', 'menubar', 'search']);

/**
 * One word of a class or id ("site-nav", "cookieBanner", "main_menu" split into words). Whole words only, so
 * "main-content", "navy" or "footnote" survive while "navbar", "topnav", "cookieconsent" and "sidebar-left" go.
 */
const NOISE_WORD =
  /^(?:(?:main|top|site|sub|primary|secondary|mobile|global|off)?(?:nav|navbar|navigation|menu|menubar|menus)|breadcrumbs?|cookie\w*|gdpr|consent|footer|sidebar|sidebars)$/;

// A page's outer containers often carry classes about layout ("has-sidebar", "menu-open"); they are never noise.
const NEVER_NOISE = new Set(['html', 'body', 'main', 'article']);

/** `inContent`: inside <main> or <article>, where a <header> is the article's own (its h1, byline), not the site's. */
export function isNoise(el: HtmlElement, inContent = false): boolean {
  if (el.name === 'header' && inContent) return false;
  if (NOISE_TAGS.has(el.name)) return true;
  if (attribute(el, 'aria-hidden')?.toLowerCase() === 'true' || attribute(el, 'hidden') !== undefined) return true;
  const role = attribute(el, 'role')?.toLowerCase();
  if (role && NOISE_ROLES.has(role)) return true;
  if (NEVER_NOISE.has(el.name)) return false;
  return [attribute(el, 'class'), attribute(el, 'id')].some((value) => value !== undefined && hasNoiseWord(value));
}

function hasNoiseWord(value: string): boolean {
  return value
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .some((word) => NOISE_WORD.test(word));
}
