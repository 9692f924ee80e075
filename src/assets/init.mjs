// Progressive enhancement only: every page works without this file.
import { initAll } from '/assets/govuk-frontend.min.js';
import { initAll as initMoj } from '/assets/moj-frontend.min.js';

initAll();
initMoj();

// Live pages: an SSE stream tells the page its data changed; the page swaps in a fresh copy of
// the live region, so it still works (with reload) when JavaScript is off.
for (const region of document.querySelectorAll('[data-live-source]')) {
  const source = new EventSource(region.getAttribute('data-live-source'));
  const refresh = async () => {
    const response = await fetch(window.location.href, { headers: { 'x-live-fragment': region.id } });
    if (!response.ok) return;
    const html = await response.text();
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const fresh = doc.getElementById(region.id);
    if (fresh) region.replaceWith(fresh);
  };
  source.addEventListener('changed', () => {
    refresh().catch(() => undefined);
  });
}

for (const button of document.querySelectorAll('[data-print-button]')) {
  button.removeAttribute('hidden');
  button.addEventListener('click', () => window.print());
}
