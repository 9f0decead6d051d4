/// The phone page's own stylesheet and script, small and compiled in: a phone on the hall's
/// Wi-Fi may have no internet, and nothing is fetched from anywhere else.
enum PhoneAssets {
    static let css = #"""
:root { --ink: #14202b; --muted: #53616f; --bg: #f4f6f8; --panel: #fff; --go: #0f6a2c; --accent: #0b5cad; }
* { box-sizing: border-box; }
html { font-family: "Noto Sans", "DejaVu Sans", Roboto, "Segoe UI", Arial, sans-serif; color: var(--ink); background: var(--bg); font-size: 18px; }
body { margin: 0; }
header { display: flex; justify-content: space-between; align-items: center; gap: 12px; padding: 12px 16px; background: var(--accent); color: #fff; }
header .hall { margin: 0; font-weight: 600; font-size: 0.95rem; }
header .lang { color: #fff; font-size: 0.9rem; padding: 8px 4px; white-space: nowrap; }
main { padding: 16px; max-width: 560px; margin: 0 auto; }
h1 { margin: 8px 0 0; text-align: center; }
h1 .what { display: block; font-size: 1rem; font-weight: normal; color: var(--muted); }
h1 .number { display: block; font-size: 4.2rem; line-height: 1.1; letter-spacing: 0.02em; }
.service { text-align: center; font-size: 1.15rem; margin: 4px 0 16px; }
.status { background: var(--panel); border: 1px solid #cfd8e1; border-radius: 12px; padding: 14px 16px; }
.status p { margin: 6px 0; }
.status .big { font-size: 1.3rem; font-weight: 600; }
.status strong { font-size: 1.15em; }
.status.called { background: var(--go); color: #fff; border-color: var(--go); }
.status.called .go { font-size: 1.5rem; }
.status.called .go strong { font-size: 2.2em; display: block; }
.status.called .where { font-size: 1.2rem; font-weight: 600; }
.muted { color: var(--muted); font-size: 0.9rem; }
.status.called .muted { color: #fff; }
.updated { text-align: center; margin-top: 14px; }
.rating { margin-top: 16px; background: var(--panel); border: 1px solid #cfd8e1; border-radius: 12px; padding: 14px 16px; }
.rating h2 { font-size: 1.05rem; margin: 0 0 12px; }
.rating label { display: block; font-size: 0.9rem; color: var(--muted); margin-bottom: 4px; }
.rating select { width: 100%; font-size: 1rem; padding: 10px; margin-bottom: 12px; border: 1px solid #6b7a89; border-radius: 8px; background: #fff; color: var(--ink); }
.rating .buttons { display: grid; gap: 10px; }
.rating button { font: inherit; font-size: 1.1rem; font-weight: 600; padding: 14px; border-radius: 10px; border: 2px solid var(--go); background: #fff; color: var(--ink); }
.rating button.very-satisfied { background: var(--go); color: #fff; }
.rating button.satisfied { background: #e3f1e7; }
.rating button.dissatisfied { border-color: #a3231b; color: #8c1d18; }
.rating.done p { margin: 0; }
"""#

    static let js = #"""
"use strict";
// Follows the ticket live over server-sent events; without them (or with scripts off) the page
// reloads itself instead.
(function () {
  var live = document.getElementById("live");
  if (!live || live.hasAttribute("data-final")) return;
  if (!window.EventSource) { setTimeout(function () { location.reload(); }, 20000); return; }
  var source = new EventSource(live.getAttribute("data-stream"));
  var heard = Date.now();
  var ended = false;
  var wasCalled = !!live.querySelector(".status.called");
  function heardNow() { heard = Date.now(); }
  source.addEventListener("open", heardNow);
  source.addEventListener("ping", heardNow);
  source.addEventListener("live", function (e) {
    heardNow();
    live.innerHTML = e.data;
    var called = !!live.querySelector(".status.called");
    if (called && !wasCalled && navigator.vibrate) navigator.vibrate([300, 150, 300]);
    wasCalled = called;
    if (live.querySelector(".status.ended")) { ended = true; source.close(); }
  });
  source.addEventListener("gone", function () { ended = true; source.close(); location.reload(); });
  // A ping comes every 15 s. A minute without one, or a stream the browser gave up on (the box
  // restarting, too many connections), and the page loads itself again, after 30 to 90 s so
  // that phones turned away together do not all come back at once.
  var reloading = false;
  setInterval(function () {
    if (ended || reloading) return;
    if (Date.now() - heard > 60000 || source.readyState === 2) {
      reloading = true;
      setTimeout(function () { location.reload(); }, 30000 + Math.random() * 60000);
    }
  }, 10000);
})();
"""#
}
