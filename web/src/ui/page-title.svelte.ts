/** Keeps `document.title` in step with a page's (translated) title. Call during component setup. */
export function pageTitle(title: () => string): void {
  $effect(() => {
    document.title = `${title()} · Peegel`;
  });
}
