// Progressive enhancement only: every page works without this file.
import { initAll } from '/assets/govuk-frontend.min.js';

initAll();
// MOJ Frontend's script (71 KiB) only where a page has one of its components (the sortable tables).
if (document.querySelector('[data-module^="moj-"]')) {
  import('/assets/moj-frontend.min.js')
    .then(({ initAll: initMoj, SortableTable }) => {
      sortByWhatPeopleRead(SortableTable);
      initMoj();
    })
    .catch(() => undefined);
}

// MOJ's sortable table sorts a cell without data-sort-value by its HTML, so a column of linked
// names sorted by the links' addresses (random ids). Sort such a cell by its text instead; a cell
// with data-sort-value (dates) keeps it.
function sortByWhatPeopleRead(SortableTable) {
  const byAttribute = SortableTable.prototype.getCellValue;
  SortableTable.prototype.getCellValue = function getCellValue(cell) {
    if (cell.hasAttribute('data-sort-value')) return byAttribute.call(this, cell);
    const text = cell.textContent.replace(/\s+/g, ' ').trim();
    const number = Number(text);
    return text !== '' && Number.isFinite(number) ? number : text;
  };
}

// Live pages: an SSE stream tells the page its data changed; the page swaps in a fresh copy of
// the live region, so it still works (with reload) when JavaScript is off.
for (const region of document.querySelectorAll('[data-live-source]')) {
  const id = region.id;
  const source = new EventSource(region.getAttribute('data-live-source'));
  const refresh = async () => {
    const response = await fetch(window.location.href, { headers: { 'x-live-fragment': id } });
    if (!response.ok) return;
    const html = await response.text();
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const fresh = doc.getElementById(id);
    // Look the region up each time: the previous refresh replaced the element.
    const current = document.getElementById(id);
    if (fresh && current) current.replaceWith(fresh);
  };
  source.addEventListener('changed', () => {
    refresh().catch(() => undefined);
  });
  // The instance is stopping (or the stream dropped): the browser reconnects by itself, to
  // another instance behind the load balancer; once it has, refetch what may have changed meanwhile.
  let interrupted = false;
  source.addEventListener('reconnect', () => {
    interrupted = true;
  });
  source.addEventListener('error', () => {
    interrupted = true;
  });
  source.addEventListener('open', () => {
    if (!interrupted) return;
    interrupted = false;
    refresh().catch(() => undefined);
  });
}

for (const button of document.querySelectorAll('[data-print-button]')) {
  button.removeAttribute('hidden');
  button.addEventListener('click', () => window.print());
}
