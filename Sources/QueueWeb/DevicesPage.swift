import DeviceKeys
import Foundation
import QueueCore
import QueueStore
import QueueWire

/// The manager's device keys and clerk PINs: list, add, revoke. A new key is shown once, right
/// after it is made, as the key file to save (the coordinator keeps no copy it could show again).
enum DevicesPage {
    /// A key made a moment ago, to show once.
    struct NewKey: Equatable, Sendable {
        var file: KeyFile
        var json: String
    }

    static func page(hall: String, config: HallConfig, devices: [DeviceInfo], pins: [ClerkPin], csrf: String,
                     newRequestId: () -> String, newKey: NewKey?, zone: TimeZone, message: WebMessage?) -> String {
        func when(_ d: Date) -> String {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: d)
            return String(format: "%04d-%02d-%02d %02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
        }
        let counterOptions = config.counters.map { "<option value=\"\($0.number)\">\(HTML.escape($0.name))</option>" }.joined()
        var deviceRows = ""
        for d in devices {
            let revoke = d.revokedAt == nil ? """
            <form method="post" action="/manager/devices/revoke" class="confirm" data-confirm="Thu hồi khóa \(HTML.escape(d.name))? Revoke this key?">\(HTML.hidden("csrf", csrf))\(HTML.hidden("rid", newRequestId()))\(HTML.hidden("name", d.name))<button class="danger small">Thu hồi <span class="en" lang="en">Revoke</span></button></form>
            """ : "<span class=\"muted\">đã thu hồi \(when(d.revokedAt!)) <span class=\"en\" lang=\"en\">revoked</span></span>"
            deviceRows += "<tr class=\"\(d.revokedAt == nil ? "" : "revoked")\" data-device=\"\(HTML.escape(d.name))\"><th>\(HTML.escape(d.name))</th><td>\(Texts.role(d.role))</td>"
            deviceRows += "<td>\(d.counter.map(String.init) ?? "")</td><td>\(when(d.createdAt))</td><td>\(revoke)</td></tr>"
        }
        var pinRows = ""
        for p in pins {
            let revoke = p.revokedAt == nil ? """
            <form method="post" action="/manager/pins/revoke" class="confirm" data-confirm="Thu hồi PIN của \(HTML.escape(p.clerk))? Revoke this PIN?">\(HTML.hidden("csrf", csrf))\(HTML.hidden("rid", newRequestId()))\(HTML.hidden("id", String(p.id)))<button class="danger small">Thu hồi <span class="en" lang="en">Revoke</span></button></form>
            """ : "<span class=\"muted\">đã thu hồi \(when(p.revokedAt!)) <span class=\"en\" lang=\"en\">revoked</span></span>"
            pinRows += "<tr class=\"\(p.revokedAt == nil ? "" : "revoked")\"><th>\(HTML.escape(p.clerk))</th><td>\(HTML.escape(config.counter(p.counter)?.name ?? "Quầy \(p.counter)"))</td>"
            pinRows += "<td>\(when(p.createdAt))</td><td>\(revoke)</td></tr>"
        }
        let shown = newKey.map { k in
            """
            <section class="new-key" id="new-key"><h2>Khóa mới: \(HTML.escape(k.file.device)) <span class="en" lang="en">New key</span></h2>
            <p>Lưu nội dung này thành tệp <code>\(HTML.escape(k.file.device)).key</code> trên thiết bị (chỉ hiện một lần).
            <span class="en" lang="en">Save this as the device's key file; it is shown only once.</span></p>
            <textarea readonly rows="3" id="new-key-json" aria-label="Tệp khóa \(HTML.escape(k.file.device)).key">\(HTML.escape(k.json))</textarea>
            <p><a class="button" download="\(HTML.escape(k.file.device)).key" href="data:application/json;base64,\(Data(k.json.utf8).base64EncodedString())">Tải tệp khóa <span class="en" lang="en">Download key file</span></a></p>
            </section>
            """
        } ?? ""
        let body = """
        \(HTML.notice(message))
        \(shown)
        <section><h2>Khóa thiết bị <span class="en" lang="en">Device keys</span></h2>
        <table class="list"><thead><tr><th>Tên <span class="en" lang="en">name</span></th><th>Vai trò <span class="en" lang="en">role</span></th><th>Quầy <span class="en" lang="en">counter</span></th>
        <th>Tạo lúc <span class="en" lang="en">created</span></th><th><span class="visually-hidden">Thao tác <span lang="en">Actions</span></span></th></tr></thead><tbody>\(deviceRows)</tbody></table>
        <form method="post" action="/manager/devices/add" class="inline add">\(HTML.hidden("csrf", csrf))\(HTML.hidden("rid", newRequestId()))
        <label>Tên <span class="en" lang="en">Name</span> <input name="name" required maxlength="64" pattern="[A-Za-z0-9._\\-]{1,64}" placeholder="counter-5"></label>
        <label>Vai trò <span class="en" lang="en">Role</span> <select name="role"><option value="counter">Quầy · counter</option><option value="kiosk">Kiosk</option>
        <option value="display">Bảng hiển thị · display</option><option value="manager">Quản lý · manager</option></select></label>
        <label>Quầy <span class="en" lang="en">Counter</span> <select name="counter"><option value="">—</option>\(counterOptions)</select></label>
        <button type="submit">Tạo khóa <span class="en" lang="en">Add key</span></button></form>
        </section>
        <section><h2>Mã PIN cán bộ <span class="en" lang="en">Clerk PINs</span></h2>
        <p class="hint">Mỗi mã PIN cho một cán bộ đăng nhập tại một quầy. <span class="en" lang="en">A PIN signs one clerk in at one counter.</span></p>
        <table class="list"><thead><tr><th>Cán bộ <span class="en" lang="en">clerk</span></th><th>Quầy <span class="en" lang="en">counter</span></th><th>Tạo lúc <span class="en" lang="en">created</span></th><th><span class="visually-hidden">Thao tác <span lang="en">Actions</span></span></th></tr></thead>
        <tbody>\(pinRows)</tbody></table>
        <form method="post" action="/manager/pins/add" class="inline add">\(HTML.hidden("csrf", csrf))\(HTML.hidden("rid", newRequestId()))
        <label>Họ tên <span class="en" lang="en">Clerk</span> <input name="clerk" required maxlength="80" placeholder="Nguyễn Văn An"></label>
        <label>Quầy <span class="en" lang="en">Counter</span> <select name="counter" required>\(counterOptions)</select></label>
        <label>PIN <input name="pin" required inputmode="numeric" pattern="[0-9]{4,8}" maxlength="8" autocomplete="off"></label>
        <button type="submit">Tạo PIN <span class="en" lang="en">Add PIN</span></button></form>
        </section>
        """
        return HTML.page(title: "Thiết bị và PIN", bodyClass: "manager-page", header: DashboardPage.header(hall: hall, csrf: csrf, active: "/manager/devices"), body: body)
    }
}
