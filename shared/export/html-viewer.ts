/**
 * The style sheet and the runtime of the offline HTML viewer (html.ts), as plain text. Both are
 * constants: the page's Content Security Policy allows exactly these two inline blocks by their
 * SHA-256 hashes, so they must not depend on the map (everything map-specific is in the HTML,
 * escaped, or in the JSON data block the script reads with JSON.parse).
 *
 * The script is plain ES2020 written as text (not a stringified function: tsx and esbuild would
 * inject helpers into it). It builds DOM with createElement and textContent only — no innerHTML,
 * no eval — and it has no backticks or `${`, so it can live in a String.raw template.
 */

export const VIEWER_CSS = String.raw`
:root {
  --text: #0f172a;
  --muted: #64748b;
  --meta: #475569;
  --border: #e2e8f0;
  --border-strong: #cbd5e1;
  --header-bg: #eef2f7;
  --page: #f6f8fb;
  --accent: #2563eb;
  --accent-soft: #eff6ff;
  --side: clamp(390px, 34vw, 520px);
}
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body {
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", "Helvetica Neue", Arial, sans-serif;
  font-size: 15px;
  line-height: 1.45;
  color: var(--text);
  background: var(--page);
  min-width: 1000px;
}
a { color: #1d4ed8; }
a:hover { color: #1e40af; }
button { font: inherit; color: inherit; }
:focus-visible { outline: 3px solid #93c5fd; outline-offset: 1px; }
h1, h2, h3 { line-height: 1.25; }
.mv-screen { display: flex; flex-direction: column; height: 100vh; min-height: 560px; }

/* Header */
.mv-header {
  display: flex; align-items: flex-end; justify-content: space-between; gap: 24px;
  padding: 14px 24px 12px; background: #ffffff; border-bottom: 1px solid var(--border);
}
.mv-heading { min-width: 0; }
.mv-header h1 { margin: 0; font-size: 24px; font-weight: 700; letter-spacing: -0.01em; overflow-wrap: anywhere; }
.mv-service { margin: 2px 0 0; color: var(--meta); font-size: 15px; overflow-wrap: anywhere; }
.mv-facts { display: flex; flex-wrap: wrap; gap: 4px 22px; margin: 8px 0 0; font-size: 13.5px; color: var(--muted); }
.mv-facts div { display: flex; gap: 6px; min-width: 0; }
.mv-facts dt { font-weight: 600; color: var(--meta); }
.mv-facts dt::after { content: ":"; }
.mv-facts dd { margin: 0; overflow-wrap: anywhere; }
.mv-register-link {
  flex: none; font-size: 14px; font-weight: 600; text-decoration: none; padding: 7px 12px;
  border: 1px solid var(--border-strong); border-radius: 8px; color: var(--text); background: #ffffff;
}
.mv-register-link:hover { background: var(--accent-soft); color: var(--text); }
.mv-noscript { margin: 0; padding: 8px 24px; background: #fffbeb; color: #92400e; border-bottom: 1px solid #fde68a; }

/* Main: map and side panel */
.mv-main { flex: 1; min-height: 0; display: grid; grid-template-columns: minmax(0, 1fr) var(--side); }
.mv-map { position: relative; min-width: 0; min-height: 0; display: flex; flex-direction: column; border-right: 1px solid var(--border); }
.mv-toolbar {
  display: flex; align-items: center; gap: 6px; padding: 8px 12px; background: #ffffff;
  border-bottom: 1px solid var(--border);
}
.mv-toolbar button {
  min-width: 36px; height: 34px; padding: 0 12px; border: 1px solid var(--border-strong); border-radius: 8px;
  background: #ffffff; cursor: pointer; font-size: 15px; font-weight: 600;
}
.mv-toolbar button:hover { background: var(--accent-soft); border-color: #93c5fd; }
.mv-toolbar output { min-width: 52px; text-align: center; font-variant-numeric: tabular-nums; color: var(--meta); font-size: 14px; }
.mv-hint { margin-left: auto; color: var(--muted); font-size: 13px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; min-width: 0; }
.mv-viewport { position: relative; flex: 1; min-height: 0; overflow: auto; background: #ffffff; }
.mv-viewport.is-live { overflow: hidden; cursor: grab; touch-action: none; user-select: none; -webkit-user-select: none; }
.mv-viewport.is-dragging { cursor: grabbing; }
.mv-viewport > svg { display: block; }
.mv-viewport [data-step-id], .mv-viewport [data-pain-id], .mv-viewport [data-opportunity-id] { cursor: pointer; }
.mv-viewport.is-dragging [data-step-id], .mv-viewport.is-dragging [data-pain-id], .mv-viewport.is-dragging [data-opportunity-id] { cursor: grabbing; }
.mv-viewport g { transition: opacity 0.15s; }
.mv-viewport g:focus { outline: none; }
.mv-viewport g:focus-visible > rect:first-of-type { stroke: #60a5fa; stroke-width: 3px; stroke-dasharray: 5 3; }
.mv-viewport .is-selected > rect:first-of-type { stroke: var(--accent); stroke-width: 3.5px; stroke-dasharray: none; }
.mv-viewport .is-selected { filter: drop-shadow(0 0 6px rgba(37, 99, 235, 0.55)); }
.mv-viewport .is-dimmed { opacity: 0.16; }

/* Side panel and tabs */
.mv-side { display: flex; flex-direction: column; min-height: 0; min-width: 0; background: #ffffff; }
.mv-tabs { display: flex; border-bottom: 1px solid var(--border); background: #ffffff; padding: 0 4px; }
.mv-tabs [role="tab"] {
  flex: 1 1 auto; min-width: 0; padding: 11px 2px 8px; border: 0; border-bottom: 3px solid transparent; background: none;
  cursor: pointer; font-size: 13px; font-weight: 600; color: var(--muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis;
}
.mv-tabs [role="tab"]:hover { color: var(--text); }
.mv-tabs [role="tab"][aria-selected="true"] { color: var(--accent); border-bottom-color: var(--accent); }
.mv-count { display: inline-block; min-width: 18px; margin-left: 4px; padding: 0 4px; border-radius: 10px; background: #f1f5f9; color: var(--meta); font-size: 12px; }
.mv-panel { flex: 1; min-height: 0; overflow: auto; padding: 16px 18px 24px; }
.mv-panel[hidden] { display: none; }
.mv-panel h2 { margin: 0 0 10px; font-size: 19px; overflow-wrap: anywhere; }
.mv-panel h3 { margin: 18px 0 8px; font-size: 14px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--meta); }
.mv-panel p { margin: 0 0 10px; }
.mv-muted { color: var(--muted); }
.mv-small { font-size: 13px; }
.mv-pre { white-space: pre-wrap; overflow-wrap: anywhere; }

/* Details */
.mv-kind { display: inline-block; margin-bottom: 6px; padding: 2px 9px; border-radius: 999px; font-size: 12px; font-weight: 700; text-transform: uppercase; letter-spacing: 0.04em; }
.mv-kind-step { background: #eff6ff; color: #1d4ed8; }
.mv-kind-pain { background: #fef2f2; color: #b91c1c; }
.mv-kind-opp { background: #f0fdf4; color: #15803d; }
.mv-facts-table { display: grid; grid-template-columns: minmax(110px, 40%) 1fr; gap: 6px 12px; margin: 12px 0 4px; font-size: 14px; }
.mv-facts-table dt { color: var(--muted); }
.mv-facts-table dd { margin: 0; overflow-wrap: anywhere; }
.mv-list { margin: 0; padding: 0; list-style: none; }
.mv-list li { padding: 6px 0; border-top: 1px solid var(--border); overflow-wrap: anywhere; }
.mv-list li:first-child { border-top: 0; }
.mv-sub { display: block; color: var(--muted); font-size: 13px; }
.mv-link {
  padding: 0; border: 0; background: none; color: #1d4ed8; text-align: left; cursor: pointer;
  text-decoration: underline; text-decoration-color: #93c5fd; text-underline-offset: 2px; overflow-wrap: anywhere;
}
.mv-link:hover { color: #1e40af; text-decoration-color: currentColor; }
.mv-show { margin: 4px 0 8px; padding: 5px 10px; border: 1px solid var(--border-strong); border-radius: 8px; background: #ffffff; cursor: pointer; font-size: 13px; }
.mv-show:hover { background: var(--accent-soft); }
.mv-about { margin-top: 18px; padding-top: 12px; border-top: 1px solid var(--border); }

/* Filters */
.mv-fieldset { margin: 0 0 16px; padding: 0; border: 0; }
.mv-fieldset legend { padding: 0; margin-bottom: 8px; font-weight: 700; }
.mv-check { display: flex; align-items: flex-start; gap: 8px; padding: 5px 0; cursor: pointer; }
.mv-check input { margin: 3px 0 0; width: 17px; height: 17px; flex: none; accent-color: var(--accent); }
.mv-check svg { flex: none; margin-top: 3px; }
.mv-check span { overflow-wrap: anywhere; }
.mv-buttons { display: flex; gap: 8px; margin: 6px 0 4px; }
.mv-button { padding: 6px 12px; border: 1px solid var(--border-strong); border-radius: 8px; background: #ffffff; cursor: pointer; font-size: 14px; }
.mv-button:hover { background: var(--accent-soft); }
.mv-select { font: inherit; padding: 6px 8px; border: 1px solid var(--border-strong); border-radius: 8px; background: #ffffff; min-width: 180px; }
.mv-summary { margin-top: 10px; padding: 8px 10px; border-radius: 8px; background: #f1f5f9; color: var(--meta); font-size: 14px; }

/* Tables */
.mv-table { width: 100%; border-collapse: collapse; font-size: 14px; }
.mv-table th, .mv-table td { padding: 7px 9px; border-bottom: 1px solid var(--border); text-align: left; vertical-align: top; overflow-wrap: break-word; }
.mv-table th { background: var(--header-bg); color: var(--meta); font-weight: 600; font-size: 13px; }
.mv-table td.num, .mv-table th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.mv-table tbody tr:nth-child(even) td { background: #fafbfd; }
.mv-table tr.is-dimmed td { opacity: 0.4; }
.mv-table .mv-link { overflow-wrap: break-word; }
.mv-table th.mv-wide { min-width: 11em; }
.mv-bar { display: block; }

/* Severity chips */
.mv-sev { display: inline-block; min-width: 24px; padding: 1px 7px; border-radius: 999px; text-align: center; font-weight: 700; font-size: 13px; }
.mv-sev-low { background: #fef9c3; color: #713f12; }
.mv-sev-medium { background: #ffedd5; color: #9a3412; }
.mv-sev-high { background: #fee2e2; color: #991b1b; }

/* Check */
.mv-findings { margin: 0; padding: 0; list-style: none; }
.mv-finding { margin: 0 0 10px; padding: 10px 12px; border: 1px solid var(--border); border-left-width: 4px; border-radius: 8px; }
.mv-finding-problem { border-left-color: #dc2626; }
.mv-finding-warning { border-left-color: #f59e0b; }
.mv-finding-info { border-left-color: #94a3b8; }
.mv-finding-severity { display: block; font-size: 12px; font-weight: 700; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); margin-bottom: 2px; }
.mv-finding-problem .mv-finding-severity { color: #b91c1c; }
.mv-finding-warning .mv-finding-severity { color: #b45309; }
.mv-finding-message { display: block; width: 100%; padding: 0; border: 0; background: none; text-align: left; overflow-wrap: anywhere; }
button.mv-finding-message { cursor: pointer; }
button.mv-finding-message:hover { color: #1d4ed8; }
.mv-read { margin-top: 6px; font-size: 13px; color: var(--muted); }
.mv-read a { margin-right: 8px; }

/* Guidance */
.mv-sections { margin: 0; padding: 0; list-style: none; }
.mv-section { padding: 10px 0; border-top: 1px solid var(--border); }
.mv-section:first-child { border-top: 0; padding-top: 0; }
.mv-section-title { font-weight: 600; overflow-wrap: anywhere; }
.mv-used { margin-top: 6px; font-size: 13px; color: var(--muted); }
.mv-used ul { margin: 2px 0 0; padding-left: 18px; }
.mv-used li { margin: 2px 0; }
.mv-used .mv-link { font-size: 13px; }
.mv-section-title .mv-muted { font-weight: 400; }

/* Register and footer */
.mv-register { padding: 20px 24px 8px; }
.mv-register h2 { margin: 0 0 12px; font-size: 20px; }
.mv-table-wrap { overflow-x: auto; background: #ffffff; border: 1px solid var(--border); border-radius: 10px; }
.mv-footer { padding: 14px 24px 22px; color: var(--muted); font-size: 13px; }
@media (max-width: 1200px) {
  body { font-size: 14px; }
  .mv-hint { display: none; }
  .mv-tabs [role="tab"] { font-size: 12px; padding-left: 1px; padding-right: 1px; }
}
@media (max-width: 1599px) {
  .mv-count { display: none; }
}
`;

export const VIEWER_SCRIPT = String.raw`
(function () {
  'use strict';
  var d = document;
  var source = d.getElementById('mv-data');
  var viewport = d.getElementById('mv-viewport');
  var svg = viewport ? viewport.querySelector('svg') : null;
  if (!source || !viewport || !svg) return;
  var data = JSON.parse(source.textContent || '{}');
  var S = data.strings || {};
  var details = new Map(data.details || []);
  var stepAgencies = new Map(data.steps || []);
  var pains = new Map(data.pains || []);
  var opps = new Map(data.opportunities || []);
  var flows = new Map(data.flows || []);

  function fill(text, params) {
    return String(text).replace(/\{\{(\w+)\}\}/g, function (m, name) {
      return Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : m;
    });
  }
  function el(tag, className, text) {
    var node = d.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function safeUrl(url) {
    return typeof url === 'string' && /^(https?:\/\/|mailto:)[^\s<>"]+$/i.test(url) ? url : null;
  }

  // ------------------------------------------------------------------ cards on the map
  var cards = new Map();
  var flowEls = [];
  var KINDS = [['data-step-id', 'step:'], ['data-pain-id', 'pain:'], ['data-opportunity-id', 'opp:']];
  KINDS.forEach(function (kind) {
    svg.querySelectorAll('[' + kind[0] + ']').forEach(function (node) {
      var key = kind[1] + node.getAttribute(kind[0]);
      cards.set(key, node);
      node.setAttribute('tabindex', '0');
      node.setAttribute('role', 'button');
      var entry = details.get(key);
      if (entry) node.setAttribute('aria-label', entry.kind + ': ' + entry.title);
    });
  });
  svg.querySelectorAll('[data-flow-id]').forEach(function (node) {
    var ends = flows.get(node.getAttribute('data-flow-id'));
    if (ends) flowEls.push({ node: node, from: ends[0], to: ends[1] });
  });
  function keyOf(node) {
    for (var i = 0; i < KINDS.length; i++) if (node.hasAttribute(KINDS[i][0])) return KINDS[i][1] + node.getAttribute(KINDS[i][0]);
    return null;
  }
  function cardOf(target) {
    return target && target.closest ? target.closest('[data-step-id],[data-pain-id],[data-opportunity-id]') : null;
  }

  // ---------------------------------------------------------------------- pan and zoom
  var vb = svg.viewBox && svg.viewBox.baseVal;
  var W = vb && vb.width ? vb.width : Number(svg.getAttribute('width')) || 1000;
  var H = vb && vb.height ? vb.height : Number(svg.getAttribute('height')) || 800;
  svg.setAttribute('width', '100%');
  svg.setAttribute('height', '100%');
  svg.setAttribute('preserveAspectRatio', 'xMinYMin meet');
  svg.setAttribute('role', 'group');
  viewport.classList.add('is-live');
  var zoomLevel = d.getElementById('mv-zoom-level');
  var view = { x: 0, y: 0, s: 1 };
  var MAX_SCALE = 4;
  var touched = false;

  function size() {
    return { w: Math.max(1, viewport.clientWidth), h: Math.max(1, viewport.clientHeight) };
  }
  function fitScale() {
    var v = size();
    return Math.min(1, (v.w / W) * 0.97, (v.h / H) * 0.97);
  }
  function minScale() {
    return Math.min(0.1, fitScale() / 2);
  }
  function round(n) {
    return Math.round(n * 1000) / 1000;
  }
  function apply() {
    var v = size();
    svg.setAttribute('viewBox', [round(view.x), round(view.y), round(v.w / view.s), round(v.h / view.s)].join(' '));
    viewport.setAttribute('data-scale', String(round(view.s)));
    if (zoomLevel) zoomLevel.textContent = Math.round(view.s * 100) + '%';
  }
  function fit() {
    var v = size();
    view.s = fitScale();
    view.x = (W - v.w / view.s) / 2;
    view.y = (H - v.h / view.s) / 2;
    apply();
  }
  function zoomAt(factor, px, py) {
    var s = Math.max(minScale(), Math.min(MAX_SCALE, view.s * factor));
    var ux = view.x + px / view.s;
    var uy = view.y + py / view.s;
    view.s = s;
    view.x = ux - px / s;
    view.y = uy - py / s;
    touched = true;
    apply();
  }
  function zoomCentre(factor) {
    var v = size();
    zoomAt(factor, v.w / 2, v.h / 2);
  }
  function pan(dx, dy) {
    view.x -= dx / view.s;
    view.y -= dy / view.s;
    touched = true;
    apply();
  }
  function centreOn(node) {
    var r = node.getBoundingClientRect();
    var vr = viewport.getBoundingClientRect();
    var ux = view.x + (r.left + r.width / 2 - vr.left) / view.s;
    var uy = view.y + (r.top + r.height / 2 - vr.top) / view.s;
    if (view.s < 0.6) view.s = Math.min(0.9, MAX_SCALE);
    var v = size();
    view.x = ux - v.w / 2 / view.s;
    view.y = uy - v.h / 2 / view.s;
    touched = true;
    apply();
  }

  var drag = null;
  var suppressClick = false;
  viewport.addEventListener('pointerdown', function (e) {
    if (e.button !== 0) return;
    drag = { id: e.pointerId, x: e.clientX, y: e.clientY, vx: view.x, vy: view.y, moved: false };
  });
  viewport.addEventListener('pointermove', function (e) {
    if (!drag || drag.id !== e.pointerId) return;
    var dx = e.clientX - drag.x;
    var dy = e.clientY - drag.y;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 5) return;
    if (!drag.moved) {
      drag.moved = true;
      viewport.classList.add('is-dragging');
      try { viewport.setPointerCapture(e.pointerId); } catch (err) { /* the pointer is gone */ }
    }
    view.x = drag.vx - dx / view.s;
    view.y = drag.vy - dy / view.s;
    touched = true;
    apply();
  });
  function endDrag(e) {
    if (!drag || drag.id !== e.pointerId) return;
    if (drag.moved) {
      suppressClick = true;
      setTimeout(function () { suppressClick = false; }, 0);
    }
    drag = null;
    viewport.classList.remove('is-dragging');
  }
  viewport.addEventListener('pointerup', endDrag);
  viewport.addEventListener('pointercancel', endDrag);
  viewport.addEventListener('wheel', function (e) {
    e.preventDefault();
    var delta = e.deltaY * (e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1);
    var r = viewport.getBoundingClientRect();
    zoomAt(Math.exp(-Math.max(-300, Math.min(300, delta)) * 0.0015), e.clientX - r.left, e.clientY - r.top);
  }, { passive: false });
  viewport.addEventListener('click', function (e) {
    if (suppressClick) return;
    var card = cardOf(e.target);
    if (card) select(keyOf(card), { tab: 'details' });
    else clearSelection();
  });
  viewport.addEventListener('keydown', function (e) {
    var step = e.shiftKey ? 240 : 60;
    var card = cardOf(e.target);
    if ((e.key === 'Enter' || e.key === ' ') && card) {
      e.preventDefault();
      select(keyOf(card), { tab: 'details' });
      return;
    }
    var moves = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    var m = moves[e.key];
    if (m) {
      e.preventDefault();
      pan(m[0], m[1]);
    }
  });
  d.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    var tag = t && t.tagName ? t.tagName.toLowerCase() : '';
    if (tag === 'input' || tag === 'select' || tag === 'textarea') return;
    if (e.key === '+' || e.key === '=') { e.preventDefault(); zoomCentre(1.25); }
    else if (e.key === '-' || e.key === '_') { e.preventDefault(); zoomCentre(0.8); }
    else if (e.key === '0') { e.preventDefault(); touched = false; fit(); }
    else if (e.key === 'Escape') clearSelection();
  });
  function onClick(id, handler) {
    var b = d.getElementById(id);
    if (b) b.addEventListener('click', handler);
  }
  onClick('mv-zoom-in', function () { zoomCentre(1.25); });
  onClick('mv-zoom-out', function () { zoomCentre(0.8); });
  onClick('mv-fit', function () { touched = false; fit(); });
  window.addEventListener('resize', function () {
    if (touched) apply();
    else fit();
  });

  // ------------------------------------------------------------------------------ tabs
  var tabs = Array.prototype.slice.call(d.querySelectorAll('[role="tab"]'));
  function activate(name, focus) {
    tabs.forEach(function (tab) {
      var on = tab.getAttribute('data-tab') === name;
      tab.setAttribute('aria-selected', on ? 'true' : 'false');
      tab.setAttribute('tabindex', on ? '0' : '-1');
      var panel = d.getElementById(tab.getAttribute('aria-controls'));
      if (panel) panel.hidden = !on;
      if (on && focus) tab.focus();
    });
  }
  tabs.forEach(function (tab, i) {
    tab.addEventListener('click', function () { activate(tab.getAttribute('data-tab'), false); });
    tab.addEventListener('keydown', function (e) {
      var next = null;
      if (e.key === 'ArrowRight') next = tabs[(i + 1) % tabs.length];
      else if (e.key === 'ArrowLeft') next = tabs[(i - 1 + tabs.length) % tabs.length];
      else if (e.key === 'Home') next = tabs[0];
      else if (e.key === 'End') next = tabs[tabs.length - 1];
      if (next) {
        e.preventDefault();
        activate(next.getAttribute('data-tab'), true);
      }
    });
  });

  // ------------------------------------------------------------------------- selection
  var body = d.getElementById('mv-details-body');
  var empty = d.getElementById('mv-details-empty');
  var selected = null;

  function item(entry) {
    var li = el('li');
    var url = safeUrl(entry.url);
    if (url) {
      var a = el('a', null, entry.text);
      a.href = url;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      li.appendChild(a);
    } else if (entry.ref) {
      var b = el('button', 'mv-link', entry.text);
      b.type = 'button';
      b.setAttribute('data-target', entry.ref);
      li.appendChild(b);
    } else {
      li.appendChild(el('span', null, entry.text));
    }
    if (entry.sub) li.appendChild(el('span', 'mv-sub', entry.sub));
    return li;
  }
  function renderDetails(key) {
    var entry = details.get(key);
    if (!body || !empty) return;
    body.replaceChildren();
    if (!entry) {
      body.hidden = true;
      empty.hidden = false;
      return;
    }
    body.appendChild(el('span', 'mv-kind mv-kind-' + entry.cls, entry.kind));
    body.appendChild(el('h2', null, entry.title));
    if (cards.has(key)) {
      var show = el('button', 'mv-show', S.showOnMap);
      show.type = 'button';
      show.setAttribute('data-target', key);
      show.setAttribute('data-centre', '1');
      body.appendChild(show);
    } else {
      body.appendChild(el('p', 'mv-muted mv-small', S.notOnMap));
    }
    if (entry.description) body.appendChild(el('p', 'mv-pre', entry.description));
    if (entry.facts && entry.facts.length) {
      var dl = el('dl', 'mv-facts-table');
      entry.facts.forEach(function (f) {
        dl.appendChild(el('dt', null, f[0]));
        dl.appendChild(el('dd', null, f[1]));
      });
      body.appendChild(dl);
    }
    (entry.lists || []).forEach(function (list) {
      if (!list.items || !list.items.length) return;
      body.appendChild(el('h3', null, list.label));
      var ul = el('ul', 'mv-list');
      list.items.forEach(function (entryItem) { ul.appendChild(item(entryItem)); });
      body.appendChild(ul);
    });
    empty.hidden = true;
    body.hidden = false;
    var panel = d.getElementById('mv-panel-details');
    if (panel) panel.scrollTop = 0;
  }
  function clearSelection() {
    if (selected) {
      var old = cards.get(selected);
      if (old) old.classList.remove('is-selected');
    }
    selected = null;
    viewport.removeAttribute('data-selected');
    renderDetails(null);
  }
  function select(key, options) {
    if (!key) return;
    var opts = options || {};
    if (selected && selected !== key) {
      var old = cards.get(selected);
      if (old) old.classList.remove('is-selected');
    }
    selected = key;
    viewport.setAttribute('data-selected', key);
    var node = cards.get(key);
    if (node) {
      node.classList.add('is-selected');
      if (opts.centre) centreOn(node);
    }
    renderDetails(key);
    if (opts.tab) activate(opts.tab, false);
  }
  // Buttons anywhere in the page that point at an element (register, check, guidance, details).
  d.addEventListener('click', function (e) {
    var target = e.target && e.target.closest ? e.target.closest('button[data-target]') : null;
    if (!target) return;
    var key = target.getAttribute('data-target');
    var tab = target.getAttribute('data-tab') || (target.closest('#mv-panel-details') ? 'details' : null);
    select(key, { centre: true, tab: tab });
    if (target.hasAttribute('data-scroll')) {
      var map = d.getElementById('mv-screen');
      if (map) map.scrollIntoView({ block: 'start' });
    }
  });

  // --------------------------------------------------------------------------- filters
  var agencyBoxes = Array.prototype.slice.call(d.querySelectorAll('input[data-agency]'));
  var severity = d.getElementById('mv-min-severity');
  var summary = d.getElementById('mv-filter-summary');
  function applyFilters() {
    var checked = new Set();
    agencyBoxes.forEach(function (box) { if (box.checked) checked.add(box.getAttribute('data-agency')); });
    var active = checked.size < agencyBoxes.length;
    var minSeverity = severity ? Number(severity.value) || 1 : 1;
    function agencyOk(ids) {
      if (!active) return true;
      for (var i = 0; i < ids.length; i++) if (checked.has(ids[i])) return true;
      return false;
    }
    function painOk(id) {
      var p = pains.get(id);
      return !p || (agencyOk(p.a) && p.s >= minSeverity);
    }
    var stepState = new Map();
    var matched = 0;
    var total = 0;
    cards.forEach(function (node, key) {
      var ok = true;
      var id = key.slice(key.indexOf(':') + 1);
      if (key.indexOf('step:') === 0) {
        ok = agencyOk(stepAgencies.get(id) || []);
        stepState.set(id, ok);
      } else if (key.indexOf('pain:') === 0) {
        ok = painOk(id);
      } else {
        var o = opps.get(id);
        if (o && o.p.length) ok = o.p.some(painOk);
        else ok = agencyOk(o && o.o ? [o.o] : []);
      }
      total += 1;
      if (ok) matched += 1;
      node.classList.toggle('is-dimmed', !ok);
    });
    flowEls.forEach(function (f) {
      var ok = stepState.get(f.from) !== false && stepState.get(f.to) !== false;
      f.node.classList.toggle('is-dimmed', !ok);
    });
    d.querySelectorAll('tr[data-pain]').forEach(function (row) {
      row.classList.toggle('is-dimmed', !painOk(row.getAttribute('data-pain')));
    });
    if (summary) summary.textContent = fill(S.filterSummary || '', { matched: matched, total: total });
  }
  agencyBoxes.forEach(function (box) { box.addEventListener('change', applyFilters); });
  if (severity) severity.addEventListener('change', applyFilters);
  function setAll(value) {
    agencyBoxes.forEach(function (box) { box.checked = value; });
    applyFilters();
  }
  onClick('mv-agencies-all', function () { setAll(true); });
  onClick('mv-agencies-none', function () { setAll(false); });
  onClick('mv-filters-reset', function () {
    if (severity) severity.value = '1';
    setAll(true);
  });

  fit();
  applyFilters();
  d.body.setAttribute('data-ready', '1');
})();
`;
