// The inline CSS and script of report.html: no external assets, so the page works from disk,
// from `serve`, and attached to a mail.

export const STATUS_COLOURS: Record<string, string> = {
  ok: '#2e7d32',
  changed: '#1565c0',
  moved: '#6a1b9a',
  soft404: '#e65100',
  blocked: '#757575',
  broken: '#c62828',
  skipped: '#bdbdbd',
};

/** Width of one check in a history strip, including the 1 px gap drawn between cells. */
export const CELL_PX = 8;

export const REPORT_CSS = `
:root { color-scheme: light; --fg: #1b1b1b; --muted: #5f6368; --line: #e0e0e0; --bg: #fff; --soft: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1.5rem; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .75rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
h3 { font-size: 1.05rem; margin: 0 0 .5rem; }
a { color: #0b57d0; overflow-wrap: anywhere; }
.meta { color: var(--muted); margin: 0 0 1rem; }
.summary { display: flex; flex-wrap: wrap; gap: .5rem; margin: 1rem 0; padding: 0; list-style: none; }
.summary li { border: 1px solid var(--line); border-radius: .5rem; padding: .4rem .8rem; min-width: 6.5rem; background: var(--soft); }
.summary b { display: block; font-size: 1.4rem; }
.filters { display: flex; flex-wrap: wrap; gap: .75rem 1.25rem; align-items: center; padding: .6rem .8rem; background: var(--soft); border-radius: .5rem; }
.filters label { white-space: nowrap; cursor: pointer; }
.item { border: 1px solid var(--line); border-radius: .5rem; padding: .8rem 1rem; margin: 0 0 1rem; }
.item .feed { color: var(--muted); font-weight: normal; font-size: .85rem; }
.links { list-style: none; margin: 0; padding: 0; }
.link { border-top: 1px solid var(--line); padding: .6rem 0; }
.link:first-child { border-top: 0; }
.badge { display: inline-block; min-width: 4.8rem; text-align: center; border-radius: 1rem; padding: .05rem .55rem; color: #fff; font-size: .8rem; font-weight: 600; margin-right: .4rem; }
.url { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .8rem; margin: .4rem 0 0; font-size: .9rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.change { display: grid; grid-template-columns: 1fr 1fr; gap: .5rem; margin-top: .3rem; }
.change div { background: var(--soft); padding: .3rem .5rem; border-radius: .3rem; font-size: .85rem; }
.history { display: flex; align-items: center; gap: .5rem; margin-top: .4rem; font-size: .8rem; color: var(--muted); }
.strip { display: flex; gap: 1px; }
.strip span { height: 14px; border-radius: 1px; background-image: repeating-linear-gradient(to right, transparent 0 7px, #fff 7px 8px); }
.mutenote { color: var(--muted); font-style: italic; }
.unpublished { display: inline-block; border: 1px dashed var(--muted); border-radius: 1rem; padding: 0 .5rem; color: var(--muted); font-size: .8rem; font-weight: 600; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
.empty { color: var(--muted); }
.banner { border: 2px solid #e65100; background: #fff3e0; border-radius: .5rem; padding: .8rem 1rem; margin: 1rem 0; }
.hint { background: var(--soft); border-left: 4px solid #bdbdbd; padding: .5rem .8rem; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85em; background: var(--soft); padding: 0 .2em; border-radius: .2em; }
[hidden] { display: none !important; }
`;

// Small and dependency-free: hides links whose status is unticked or whose feeds do not include the
// chosen one, then hides groups left empty. Without script every link stays visible.
export const REPORT_JS = `
(function () {
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input[name="status"]'));
  var feed = document.getElementById('feed');
  function apply() {
    var on = {};
    boxes.forEach(function (b) { on[b.value] = b.checked; });
    var chosen = feed ? feed.value : '';
    document.querySelectorAll('[data-status]').forEach(function (el) {
      var feeds = (el.getAttribute('data-feeds') || '').split(' ');
      el.hidden = !(on[el.getAttribute('data-status')] && (chosen === '' || feeds.indexOf(chosen) !== -1));
    });
    document.querySelectorAll('[data-group]').forEach(function (g) {
      g.hidden = g.querySelector('[data-status]:not([hidden])') === null;
    });
  }
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  if (feed) feed.addEventListener('change', apply);
  apply();
})();
`;
