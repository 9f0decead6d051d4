import QueueCore

/// The sign-in page: a clerk's PIN at a counter, or a device key file (counter or manager). The
/// key never leaves the browser: the script answers the coordinator's challenge with the same
/// HMAC as a TCP device's handshake (docs/PROTOCOL.md, section 3) and posts only the MAC.
enum LoginPage {
    static func page(hall: HallConfig, login: String, challenge: String, message: WebMessage?) -> String {
        let counters = hall.counters.map { "<option value=\"\($0.number)\">\(HTML.escape($0.name))</option>" }.joined()
        let body = """
        <div class="login">
        <h1>\(HTML.escape(hall.hall.name))</h1>
        <p class="sub">Bộ phận tiếp nhận và trả kết quả <span class="en" lang="en">One-stop department: clerk console and manager dashboard</span></p>
        \(HTML.notice(message))
        <section class="card-form">
        <h2>Cán bộ đăng nhập bằng mã PIN <span class="en" lang="en">Clerk sign-in with a PIN</span></h2>
        <form method="post" action="/login/pin" id="pin-form">\(HTML.hidden("login", login))
        <label>Quầy <span class="en" lang="en">Counter</span> <select name="counter" id="pin-counter" required>\(counters)</select></label>
        <label>Mã PIN <span class="en" lang="en">PIN</span> <input type="password" name="pin" id="pin" inputmode="numeric" autocomplete="current-password" required maxlength="8"></label>
        <button type="submit" class="big primary" id="pin-submit">Đăng nhập <span class="en" lang="en">Sign in</span></button>
        </form>
        </section>
        <section class="card-form">
        <h2>Đăng nhập bằng khóa thiết bị <span class="en" lang="en">Sign in with a device key</span></h2>
        <p class="hint">Chọn tệp khóa của quầy hoặc của quản lý (ví dụ <code>counter-1.key</code>, <code>manager.key</code>). Khóa không rời khỏi trình duyệt.
        <span class="en" lang="en">Pick a counter's or a manager's key file; the key itself never leaves this browser.</span></p>
        <form method="post" action="/login/key" id="key-form" data-challenge="\(HTML.escape(challenge))">\(HTML.hidden("login", login))
        <input type="hidden" name="device"><input type="hidden" name="nonce"><input type="hidden" name="mac">
        <label>Tệp khóa <span class="en" lang="en">Key file</span> <input type="file" id="key-file" accept=".key,.json,application/json"></label>
        <button type="submit" class="big" id="key-submit">Đăng nhập bằng khóa <span class="en" lang="en">Sign in with the key</span></button>
        <noscript><p class="notice error">Cần bật JavaScript để đăng nhập bằng khóa. <span class="en" lang="en">Key sign-in needs JavaScript; use a PIN otherwise.</span></p></noscript>
        </form>
        </section>
        </div>
        """
        return HTML.page(title: "Đăng nhập · Sign in", bodyClass: "login-page", body: body)
    }
}
