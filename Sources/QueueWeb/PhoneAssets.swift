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
.muted { color: var(--muted); font-size: 0.9rem; }
.status.called .muted { color: #fff; }
.updated { text-align: center; margin-top: 14px; }
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
  var wasCalled = !!live.querySelector(".status.called");
  function heardNow() { heard = Date.now(); }
  source.addEventListener("open", heardNow);
  source.addEventListener("message", heardNow);
  source.addEventListener("live", function (e) {
    heardNow();
    live.innerHTML = e.data;
    var called = !!live.querySelector(".status.called");
    if (called && !wasCalled && navigator.vibrate) navigator.vibrate([300, 150, 300]);
    wasCalled = called;
    if (live.querySelector(".status.ended")) source.close();
  });
  source.addEventListener("gone", function () { source.close(); location.reload(); });
  // A keep-alive comes every 15 s; a minute of silence means the stream is stuck: reload.
  setInterval(function () {
    if (source.readyState !== 2 && Date.now() - heard > 60000) location.reload();
  }, 10000);
})();
"""#
}
