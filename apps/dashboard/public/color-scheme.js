// Applies the remembered colour scheme before the app renders, so a dark-mode user never sees a light page first.
// A file, not an inline script: the dashboard's Content-Security-Policy allows scripts from this origin only.
(function () {
  try {
    var saved = localStorage.getItem('confab.colorScheme');
    var scheme = saved === 'light' || saved === 'dark' ? saved : window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
    document.documentElement.setAttribute('data-mantine-color-scheme', scheme);
  } catch (e) {
    /* storage blocked: the app decides */
  }
})();
