// Related-passages panel. Runs in the webview under a strict CSP (no inline script, nonce only).
// Corpus text is only ever set with textContent: highlight runs arrive pre-split from the
// extension (segments) and become <mark> elements built with createElement.
// @ts-check
(function () {
  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  const search = /** @type {HTMLInputElement} */ (document.getElementById('search'));
  const heading = /** @type {HTMLElement} */ (document.getElementById('heading'));
  const status = /** @type {HTMLElement} */ (document.getElementById('status'));
  const results = /** @type {HTMLOListElement} */ (document.getElementById('results'));

  let strings = {
    searchPlaceholder: 'Search the corpus…',
    loading: 'Loading…',
    empty: '',
    noResults: 'No related passages.',
    followingCursor: 'Related to the paragraph at the cursor',
    searchResults: 'Search results',
    unknownDate: 'date unknown',
    unknownRegion: 'region unknown',
    openTitle: 'Open at this line in the source',
  };

  const state = vscode.getState() || {};
  if (typeof state.search === 'string') search.value = state.search;

  function isStr(x) {
    return typeof x === 'string';
  }
  function isNum(x) {
    return typeof x === 'number' && Number.isFinite(x);
  }

  /** Shape check of a passage as the extension sends it; anything else is skipped. */
  function validPassage(p) {
    return (
      p && isStr(p.source) && isStr(p.display) && isNum(p.line) && isNum(p.column) && isStr(p.title) &&
      (p.date === null || isStr(p.date)) && (p.region === null || isStr(p.region)) &&
      Array.isArray(p.segments) && p.segments.every((s) => s && isStr(s.t) && typeof s.hit === 'boolean')
    );
  }

  function clear(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
  }

  function setStatus(text, kind) {
    status.textContent = text || '';
    status.className = 'status' + (kind ? ' ' + kind : '');
  }

  function open(p) {
    vscode.postMessage({ type: 'open', source: p.source, line: p.line, column: p.column, endLine: p.endLine, endColumn: p.endColumn });
  }

  function render(msg) {
    clear(results);
    heading.textContent = msg.origin === 'search' ? strings.searchResults : strings.followingCursor;
    const list = Array.isArray(msg.passages) ? msg.passages.filter(validPassage) : [];
    setStatus(list.length ? '' : strings.noResults, list.length ? '' : 'muted');
    for (const p of list) {
      const li = document.createElement('li');
      li.className = 'passage';
      li.tabIndex = 0;
      li.title = strings.openTitle;

      const title = document.createElement('div');
      title.className = 'title';
      title.textContent = p.title;
      li.appendChild(title);

      const meta = document.createElement('div');
      meta.className = 'meta';
      meta.textContent = [p.date || strings.unknownDate, p.region || strings.unknownRegion, p.display + ':' + p.line].join(' · ');
      li.appendChild(meta);

      const text = document.createElement('p');
      text.className = 'text';
      for (const s of p.segments) {
        if (s.hit) {
          const mark = document.createElement('mark');
          mark.textContent = s.t;
          text.appendChild(mark);
        } else text.appendChild(document.createTextNode(s.t));
      }
      li.appendChild(text);

      li.addEventListener('click', () => open(p));
      li.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          open(p);
        }
      });
      results.appendChild(li);
    }
  }

  let timer;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      vscode.setState({ search: search.value });
      vscode.postMessage({ type: 'search', text: search.value });
    }, 250);
  });

  window.addEventListener('message', (event) => {
    const msg = event.data;
    if (!msg || typeof msg !== 'object') return;
    switch (msg.type) {
      case 'init':
        if (msg.strings && typeof msg.strings === 'object') {
          for (const k of Object.keys(strings)) if (isStr(msg.strings[k])) strings[k] = msg.strings[k];
        }
        search.placeholder = strings.searchPlaceholder;
        search.setAttribute('aria-label', strings.searchPlaceholder);
        if (search.value) vscode.postMessage({ type: 'search', text: search.value });
        break;
      case 'status':
        if (msg.state === 'ready') setStatus('', '');
        else setStatus(isStr(msg.message) ? msg.message : '', msg.state === 'error' ? 'error' : 'muted');
        if (msg.state === 'loading' || msg.state === 'error') clear(results);
        break;
      case 'results':
        render(msg);
        break;
    }
  });

  vscode.postMessage({ type: 'ready' });
})();
