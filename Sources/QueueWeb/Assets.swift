import Foundation
import Hummingbird

/// The pages' only stylesheet and script, compiled into the coordinator so nothing is fetched
/// from anywhere else (no CDN, no web fonts: the system's Noto Sans or DejaVu Sans carry
/// Vietnamese). The script is plain JavaScript; key sign-in uses the browser's WebCrypto, which
/// the pages have because they are served over HTTPS.
enum Assets {
    static func response(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "no-cache"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static let css = #"""
/* Clerk console and manager dashboard. System fonts only (Noto Sans / DejaVu Sans carry
   Vietnamese); nothing is fetched from elsewhere. Big targets for touch. */
:root { --bg: #f4f6f8; --panel: #ffffff; --ink: #1b2430; --muted: #5d6b7a; --line: #d9e0e7;
  --accent: #0b5cad; --go: #1e7b34; --warn: #b35c00; --bad: #b3261e; --ok: #1e7b34; --prio: #8a2be2; }
* { box-sizing: border-box; }
html { font-family: "Noto Sans", "DejaVu Sans", "Segoe UI", Arial, sans-serif; font-size: 16px; color: var(--ink); background: var(--bg); }
body { margin: 0; }
main { padding: 16px 20px 32px; max-width: 1400px; margin: 0 auto; }
.en { color: var(--muted); font-weight: normal; font-size: 0.82em; margin-left: 0.35em; }
.muted { color: var(--muted); }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.15rem; margin: 0 0 10px; }
a { color: var(--accent); }
kbd { display: inline-block; border: 1px solid #75818d; border-bottom-width: 2px; border-radius: 4px; padding: 0 5px; font-size: 0.75em; font-family: inherit; background: #f7f9fb; color: var(--ink); }
code { background: #eef2f6; padding: 1px 4px; border-radius: 3px; }

header.top { display: flex; justify-content: space-between; align-items: center; gap: 16px; flex-wrap: wrap;
  background: #12355b; color: #fff; padding: 10px 20px; }
header.top .brand b { font-size: 1.35rem; }
header.top .brand small { display: block; color: #c7d6e6; font-size: 0.85rem; }
header.top .en { color: #c7d6e6; }
header.top nav { display: flex; align-items: center; gap: 14px; flex-wrap: wrap; }
header.top nav a { color: #fff; text-decoration: none; padding: 6px 10px; border-radius: 6px; }
header.top nav a.active, header.top nav a:hover { background: rgba(255,255,255,0.16); }
header.top .who { color: #e3ecf5; }
header.top form { margin: 0; }
button.link { background: none; border: 1px solid rgba(255,255,255,0.5); color: #fff; border-radius: 6px; padding: 6px 10px; cursor: pointer; font: inherit; }

.notice { padding: 10px 14px; border-radius: 8px; margin: 0 0 14px; font-weight: 600; }
.notice.ok { background: #e4f4e8; color: #14532d; border: 1px solid #9fd3ad; }
.notice.error { background: #fdecea; color: #8c1d18; border: 1px solid #f0b4ae; }
.notice .en { display: block; margin: 2px 0 0; font-weight: normal; }
/* The notice is the page's one polite live region: always in the accessibility tree, seen only
   when it holds a message; a call it announces to a screen reader is not shown. */
.notice:empty, .notice.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); padding: 0; margin: 0; border: 0; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
/* Where the keyboard is: a ring the page's own colours cannot hide. */
:focus-visible { outline: 3px solid #0b5cad; outline-offset: 2px; box-shadow: 0 0 0 5px #fff; }
body.no-shortcuts kbd { display: none; }
.ticket-clerk { color: var(--muted); margin-top: 4px; }
.keys label { display: inline-flex; align-items: center; gap: 6px; margin: 0; font-weight: 600; }
.keys input[type=checkbox] { display: inline-block; min-height: 0; width: 20px; height: 20px; padding: 0; margin: 0; }
td.code { font-family: ui-monospace, monospace; font-size: 1.25em; font-weight: 700; letter-spacing: .08em; }
input[name="per_slot"] { width: 5em; }

button, .button { font: inherit; border-radius: 8px; border: 1px solid #75818d; background: #fff; color: var(--ink); padding: 8px 14px; cursor: pointer; text-decoration: none; display: inline-block; }
button:disabled { opacity: 0.38; cursor: not-allowed; }
button.danger { border-color: #e3a29c; color: var(--bad); }
button.small { padding: 4px 10px; font-size: 0.9rem; }
input, select, textarea { font: inherit; padding: 8px 10px; border: 1px solid #75818d; border-radius: 8px; background: #fff; min-height: 44px; }
label { display: block; font-weight: 600; font-size: 0.95rem; }
label input, label select { display: block; width: 100%; margin-top: 4px; font-weight: normal; }

/* Sign-in */
.login { max-width: 560px; margin: 24px auto; }
.login .sub { color: var(--muted); margin-top: 0; }
.card-form { background: var(--panel); border: 1px solid var(--line); border-radius: 12px; padding: 18px; margin: 16px 0; }
.card-form form { display: flex; flex-direction: column; gap: 12px; }
.hint { color: var(--muted); font-size: 0.92rem; }

/* Clerk console */
.console { display: grid; grid-template-columns: minmax(0, 1.15fr) minmax(0, 1fr); gap: 18px; align-items: start; }
.console #live { display: flex; flex-direction: column; gap: 14px; min-width: 0; }
.status { display: flex; gap: 14px; align-items: center; flex-wrap: wrap; }
.badge { display: inline-block; padding: 4px 10px; border-radius: 999px; font-weight: 700; font-size: 0.9rem; }
.badge.open { background: #dff3e4; color: #14532d; }
.badge.paused { background: #fff0d6; color: #7a4100; }
.badge.closed { background: #e9edf1; color: #4a5663; }
.badge.online { background: #dff3e4; color: #14532d; }
.badge.offline { background: #fdecea; color: #8c1d18; }
.devices .bad { color: var(--bad); font-weight: 600; }
.devices .warn { color: var(--warn); font-weight: 600; }
.devices tr.needs-attention th { border-left: 6px solid var(--bad); padding-left: 6px; }
.current { background: var(--panel); border: 2px solid var(--line); border-radius: 14px; padding: 16px 20px; }
.current.called { border-color: #f0b429; background: #fffbea; }
.current.serving { border-color: #57b36b; background: #f1fbf3; }
.ticket-label { font-size: 4.2rem; font-weight: 800; letter-spacing: 0.02em; line-height: 1.05; }
.current.empty .ticket-label { color: #b6c0ca; }
.ticket-state { font-size: 1.2rem; font-weight: 700; }
.ticket-service { margin-top: 4px; }
.timer-line { margin-top: 8px; font-size: 1.1rem; }
.timer { font-variant-numeric: tabular-nums; font-weight: 800; font-size: 1.6rem; }
.timer-hint { display: none; margin-left: 0.5em; font-weight: 700; }
.timer-line.over { color: var(--bad); }
.timer-line.over .timer-hint { display: inline; }
.prio, .tag { color: var(--prio); font-weight: 700; }
.pace { background: var(--panel); border: 1px solid var(--line); border-radius: 12px; padding: 12px 16px; }
.pace .served { font-size: 1.6rem; }
.pace progress { width: 100%; height: 14px; margin-top: 8px; accent-color: var(--go); }
.pace.behind progress { accent-color: var(--warn); }
.waiting { background: var(--panel); border: 1px solid var(--line); border-radius: 12px; padding: 12px 16px; }
.waiting .count { display: inline-block; background: var(--accent); color: #fff; border-radius: 999px; padding: 0 10px; margin-left: 6px; }
.waiting ol { list-style: none; margin: 0; padding: 0; max-height: 46vh; overflow: auto; }
.waiting li { display: flex; gap: 12px; align-items: baseline; padding: 7px 4px; border-bottom: 1px solid #eef1f4; }
.waiting li b { font-size: 1.2rem; min-width: 4.2em; }
.waiting li .pos { color: var(--muted); min-width: 1.6em; text-align: right; }
.waiting li .svc { flex: 1; color: var(--muted); }
.waiting li .waited { font-variant-numeric: tabular-nums; }
.waiting li.prio { background: #f6efff; }
.waiting li .tag { font-size: 0.85rem; }
.waiting li .tag.transfer { color: var(--accent); }

.actions { background: var(--panel); border: 1px solid var(--line); border-radius: 14px; padding: 14px; }
.actions form { margin: 0; }
.main-buttons { display: grid; grid-template-columns: 1fr 1fr; gap: 10px; }
.main-buttons form.primary { grid-column: 1 / span 2; }
button.big { width: 100%; min-height: 76px; font-size: 1.35rem; font-weight: 800; border-width: 2px; display: flex; flex-direction: column; align-items: center; justify-content: center; gap: 2px; position: relative; }
button.big .en { margin: 0; font-size: 0.8rem; }
button.big kbd { position: absolute; top: 6px; right: 8px; }
form.primary button.big, button.big.primary { background: var(--accent); border-color: var(--accent); color: #fff; min-height: 96px; font-size: 1.7rem; }
form.primary button.big .en, button.big.primary .en { color: #dce9f7; }
form.go button.big { border-color: var(--go); color: var(--go); }
form.warn button.big { border-color: var(--warn); color: var(--warn); }
.field-buttons { display: grid; grid-template-columns: 1fr; gap: 10px; margin-top: 12px; }
.field-buttons form { display: grid; grid-template-columns: 3fr 2fr; gap: 8px; align-items: end; border-top: 1px solid #eef1f4; padding-top: 10px; }
.field-buttons button.big { min-height: 52px; font-size: 1.1rem; }
details.shift { margin-top: 12px; border-top: 1px solid #eef1f4; padding-top: 10px; }
details.shift summary { cursor: pointer; font-weight: 700; }
details.shift form { display: grid; gap: 8px; margin-top: 8px; }
details.shift button.big { min-height: 52px; font-size: 1.1rem; }
.keys { color: var(--muted); font-size: 0.88rem; margin: 10px 0 0; }
form.busy button { opacity: 0.6; }

/* Manager */
.cards { display: grid; grid-template-columns: repeat(6, minmax(0, 1fr)); gap: 10px; margin-bottom: 16px; }
.cards h2 { grid-column: 1 / -1; margin: 0; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 12px; padding: 10px 12px; }
.card .label { font-size: 0.85rem; color: var(--muted); font-weight: 600; }
.card .value { font-size: 1.9rem; font-weight: 800; font-variant-numeric: tabular-nums; }
.card .note { font-size: 0.8rem; color: var(--muted); }
.card.met .value { color: var(--ok); } .card.missed .value { color: var(--bad); }
.columns { display: grid; grid-template-columns: minmax(0, 1.1fr) minmax(0, 1fr); gap: 16px; align-items: start; }
section.services, section.counters, section.clerks, section.devices, .manager-page main > section { background: var(--panel); border: 1px solid var(--line); border-radius: 12px; padding: 12px 16px; margin-bottom: 16px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 7px 8px; border-bottom: 1px solid #eef1f4; vertical-align: top; }
thead th { font-size: 0.85rem; color: var(--muted); font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.met { color: var(--ok); font-weight: 700; }
tr.revoked { color: var(--muted); }
.counter-grid { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 8px; }
.counter-grid li { border: 1px solid var(--line); border-left: 6px solid #c3ccd5; border-radius: 8px; padding: 8px 10px; }
.counter-grid li.open { border-left-color: #57b36b; }
.counter-grid li.paused { border-left-color: #f0b429; }
.counter-grid .label { font-size: 1.15rem; }
.counter-grid .reason { color: var(--warn); font-size: 0.9rem; }
.counter-grid .pin-alert { color: var(--bad); font-size: 0.9rem; font-weight: 600; }
.alerts { background: #fff4e5; border: 2px solid var(--warn); border-radius: 10px; padding: 10px 16px; margin: 0 0 16px; }
.alerts h2 { color: #8f4a00; margin: 0 0 6px; }
.alerts ul { margin: 0; padding-left: 1.2em; }
.alerts li { margin: 4px 0; font-weight: 600; }
form.inline { display: flex; gap: 10px; align-items: end; flex-wrap: wrap; margin-top: 12px; }
iframe.report { width: 100%; height: 75vh; border: 1px solid var(--line); border-radius: 8px; background: #fff; margin-top: 12px; }
.downloads { display: flex; gap: 10px; }
.new-key { border-color: #9fd3ad !important; background: #f1fbf3 !important; }
.new-key textarea { width: 100%; font-family: "DejaVu Sans Mono", monospace; font-size: 0.85rem; }

@media (max-width: 900px) {
  .console { grid-template-columns: 1fr; }
  .cards { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  .columns { grid-template-columns: minmax(0, 1fr); }
}
/* A phone: nothing scrolls the page sideways; a wide table scrolls inside its own box. The
   console puts its buttons right under the current ticket, above the pace and the waiting list,
   and drops the keyboard badges (no keyboard; they covered the buttons' words). */
@media (max-width: 520px) {
  .console { display: flex; flex-direction: column; gap: 14px; }
  .console #live { display: contents; }
  .console #counter-status { order: 1; }
  .console #current { order: 2; }
  .console #actions { order: 3; }
  .console #pace { order: 4; }
  .console #waiting { order: 5; }
  button.big kbd { display: none; }
  main { padding: 12px 10px 24px; }
  section.services, section.clerks, section.counters, section.devices { overflow-x: auto; }
  .services th .en, .services td .en { display: block; margin-left: 0; }
}
"""#

    static let js = #"""
// Clerk console and manager dashboard: live updates, buttons sent in the background, keyboard
// shortcuts, running timers, and key sign-in by HMAC challenge-response. No libraries, nothing
// loaded from elsewhere. Every page works without this script except key sign-in.
"use strict";

// --- Key sign-in helpers (WebCrypto: the pages are served over HTTPS, a secure context) ---
function toBase64(bytes) { let s = ""; for (const b of bytes) s += String.fromCharCode(b); return btoa(s); }
function fromBase64(text) { return Uint8Array.from(atob(text), (c) => c.charCodeAt(0)); }
function randomBase64(n) { const b = new Uint8Array(n); crypto.getRandomValues(b); return toBase64(b); }
function requestId() { return randomBase64(24).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""); }

// The device's answer to the challenge, as in docs/PROTOCOL.md section 3: HMAC-SHA-256 by WebCrypto.
async function clientMAC(key, challenge, nonce, device) {
  const hmac = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const message = new TextEncoder().encode("queue-auth-v1|client|" + challenge + "|" + nonce + "|" + device);
  return toBase64(new Uint8Array(await crypto.subtle.sign("HMAC", hmac, message)));
}

// --- Page behaviour ---
if (typeof document !== "undefined") document.addEventListener("DOMContentLoaded", () => {
  const notice = document.getElementById("notice");

  let lastSaid = 0;
  function say(message) {
    if (!notice) return;
    lastSaid = Date.now();
    notice.hidden = false;
    notice.className = "notice " + (message.ok ? "ok" : "error");
    notice.textContent = message.vi;
    const en = document.createElement("span");
    en.className = "en";
    en.lang = "en";
    en.textContent = message.en;
    notice.appendChild(en);
  }

  // A new ticket at the counter (called from elsewhere too), said to a screen reader through the
  // same region, not shown; a message said in the last 3 s is left to be read.
  function announceCall(label) {
    if (!notice || Date.now() - lastSaid < 3000) return;
    notice.className = "notice sr";
    notice.textContent = "Đang gọi " + label;
  }

  // Key sign-in: read the key file here, answer the challenge, post only the MAC.
  const keyForm = document.getElementById("key-form");
  if (keyForm) keyForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = document.getElementById("key-file");
    const file = input.files && input.files[0];
    if (!file) { say({ ok: false, vi: "Hãy chọn tệp khóa.", en: "Pick the key file first." }); return; }
    let parsed, key;
    try {
      parsed = JSON.parse(await file.text());
      key = fromBase64(parsed.key);
      if (typeof parsed.device !== "string" || key.length !== 32) throw new Error("shape");
    } catch (e) {
      say({ ok: false, vi: "Tệp này không phải tệp khóa thiết bị.", en: "This is not a device key file (queuectl device add --out FILE makes one)." });
      return;
    }
    if (!window.isSecureContext || !crypto.subtle) {
      say({ ok: false, vi: "Đăng nhập bằng khóa cần địa chỉ https://.", en: "Key sign-in needs the page's https:// address." });
      return;
    }
    const nonce = randomBase64(32);
    keyForm.elements.device.value = parsed.device;
    keyForm.elements.nonce.value = nonce;
    keyForm.elements.mac.value = await clientMAC(key, keyForm.dataset.challenge, nonce, parsed.device);
    input.value = "";
    keyForm.submit();
  });

  // Which buttons the current state allows (the coordinator still decides).
  function applyCan() {
    const can = document.getElementById("can");
    if (!can) return;
    for (const form of document.querySelectorAll("form.act")) {
      const flag = can.dataset["can" + form.dataset.op.replace(/(^|-)([a-z])/g, (_, __, c) => c.toUpperCase())];
      const button = form.querySelector("button");
      if (button && flag !== undefined && !form.classList.contains("busy")) button.disabled = flag === "0";
    }
    keepFocus();
  }

  // A pressed button the new state disables (Next, once a citizen is called) loses the
  // keyboard's focus to the page: it goes to the first action the state allows instead.
  let lastAction = null;
  document.addEventListener("focusin", (event) => {
    if (event.target.matches && event.target.matches("form.act button")) lastAction = event.target;
  });
  function keepFocus() {
    if (!lastAction || !(lastAction.disabled || !document.contains(lastAction))) return;
    // Lost: on the page itself, or still on the button now disabled (chromium keeps it there).
    const active = document.activeElement;
    if (active && active !== document.body && active !== lastAction) return;
    const next = Array.from(document.querySelectorAll("form.act button")).find((b) => !b.disabled);
    if (next) next.focus();
  }

  // Running timers: the server's clock at render time plus the time passed here since.
  function stampTimers() {
    const now = Date.now();
    for (const el of document.querySelectorAll(".timer[data-since]")) el.dataset.base = now;
  }
  function pad(n) { return n < 10 ? "0" + n : "" + n; }
  function tick() {
    const now = Date.now();
    for (const el of document.querySelectorAll(".timer[data-since]")) {
      const seconds = Math.max(0, Math.round((Number(el.dataset.now) + (now - Number(el.dataset.base || now)) - Number(el.dataset.since)) / 1000));
      const h = Math.floor(seconds / 3600), m = Math.floor(seconds % 3600 / 60), s = seconds % 60;
      el.textContent = h > 0 ? h + ":" + pad(m) + ":" + pad(s) : m + ":" + pad(s);
      if (el.dataset.limit && el.parentElement) el.parentElement.classList.toggle("over", seconds > Number(el.dataset.limit));
    }
  }
  stampTimers();
  applyCan();
  setInterval(tick, 1000);

  // Live part of the page, replaced on every server-sent event.
  const live = document.getElementById("live");
  if (live && live.dataset.events && window.EventSource) {
    const source = new EventSource(live.dataset.events);
    source.addEventListener("live", (event) => {
      const before = document.getElementById("current");
      const was = before ? before.dataset.ticket : "";
      live.innerHTML = event.data;
      const now = document.getElementById("current");
      if (now && now.dataset.ticket && now.dataset.ticket !== was) announceCall(now.dataset.ticket);
      live.dataset.updated = String(Date.now());
      stampTimers();
      applyCan();
      tick();
    });
    source.addEventListener("expired", (event) => { source.close(); location.href = event.data; });
    source.onerror = () => {
      fetch("/session", { headers: { Accept: "application/json" } }).then((r) => {
        if (r.status === 401) { source.close(); location.href = "/login?expired=1"; }
      }).catch(() => {});
    };
  }

  // The console's buttons: sent in the background with the form's request id, so a double
  // tap acts once; a new id is made only after an answer.
  for (const form of document.querySelectorAll("form.act")) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (form.classList.contains("busy")) return;
      form.classList.add("busy");
      const button = form.querySelector("button");
      // Busy, not disabled: a disabled button would drop the keyboard's focus.
      if (button) button.setAttribute("aria-disabled", "true");
      try {
        const response = await fetch(form.action, {
          method: "POST", body: new URLSearchParams(new FormData(form)),
          headers: { Accept: "application/json" }, credentials: "same-origin",
        });
        const message = await response.json();
        say(message);
        if (response.status === 401 && message.login) { setTimeout(() => { location.href = message.login; }, 1500); return; }
        form.elements.rid.value = requestId();
        if (message.ok) for (const input of form.querySelectorAll("input[name=ticket], input[name=reason]")) input.value = "";
      } catch (e) {
        say({ ok: false, vi: "Mất kết nối tới máy điều phối; bấm lại để thử (không bị làm hai lần).", en: "Disconnected from the coordinator; press again to retry (it will not act twice)." });
      } finally {
        form.classList.remove("busy");
        if (button) button.removeAttribute("aria-disabled");
        applyCan();
      }
    });
  }

  // Shortcuts: N next, R recall, S start, F finish, V no-show (not while typing). They can be
  // turned off (WCAG 2.1.4), remembered in this browser.
  const shortcuts = document.getElementById("shortcuts");
  function shortcutsOn() { return localStorage.getItem("queue.shortcuts") !== "off"; }
  document.body.classList.toggle("no-shortcuts", !shortcutsOn());
  if (shortcuts) {
    shortcuts.checked = shortcutsOn();
    shortcuts.addEventListener("change", () => {
      localStorage.setItem("queue.shortcuts", shortcuts.checked ? "on" : "off");
      document.body.classList.toggle("no-shortcuts", !shortcuts.checked);
    });
  }
  document.addEventListener("keydown", (event) => {
    if (!shortcutsOn()) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target && (target.isContentEditable || ["INPUT", "SELECT", "TEXTAREA"].includes(target.tagName))) return;
    const form = document.querySelector("form.act[data-key='" + event.key.toLowerCase() + "']");
    const button = form && form.querySelector("button");
    if (!button || button.disabled) return;
    event.preventDefault();
    form.requestSubmit(button);
  });

  for (const form of document.querySelectorAll("form.confirm")) {
    form.addEventListener("submit", (event) => { if (!confirm(form.dataset.confirm)) event.preventDefault(); });
  }
});
"""#
}
