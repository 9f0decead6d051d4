/// The embedded sample hall, used when no config file is given: a ward-level one-stop centre
/// with seven common services and eight counters. `queue-coordinator --print-default-config`
/// prints it as a starting point for a real hall's file.
public enum DefaultHall {
    public static let toml = """
    # Hall config for the queue coordinator. Edit and pass with --config FILE.
    # Times are local to the hall's time zone; minutes are whole minutes.

    [hall]
    name = "Trung tâm Phục vụ hành chính công phường Ba Đình"
    name_en = "Ba Dinh Ward Public Administrative Service Centre"   # shown on English screens and pages
    level = "ward"                    # city, ward or commune (before July 2025 also district): roll-ups group by it
    time_zone = "Asia/Ho_Chi_Minh"
    weekdays = ["mon", "tue", "wed", "thu", "fri"]
    sessions = ["07:30-11:30", "13:30-17:00"]
    extra_sessions = { sat = ["07:30-11:30"] }
    # Days the hall is closed whatever their weekday (public holidays, Tết): kiosks show the next
    # opening, and reports leave them out of the working days a clerk's yearly pace counts.
    # closed_days = ["2026-01-01", "2026-04-30", "2026-05-01", "2026-09-02"]

    [policy]
    # A priority ticket (elderly, disabled, pregnant, with small children) goes ahead of normal
    # tickets that came less than this many minutes before it; 0 turns priority off.
    priority_boost_minutes = 20
    # A booked citizen's ticket waits until the appointment's slot, then goes ahead of walk-ins
    # who came less than this many minutes before the slot (docs/APPOINTMENTS.md).
    appointment_lead_minutes = 30

    [targets]
    mean_wait_minutes = 15
    dossiers_per_clerk_year = 1800
    working_days_per_year = 250

    [board]
    notice = "Công dân vui lòng chuẩn bị đầy đủ hồ sơ trước khi đến quầy. Citizens: please have your documents ready before you go to the counter."
    recent_calls = 6
    flash_seconds = 6
    announce_english = false
    # Colours as "#RRGGBB": background, panel, text, muted, accent, flash, warning.
    theme = { background = "#000000", text = "#FFFFFF", accent = "#FFD400" }

    # Where citizens' phones reach this box for their ticket's page (the QR code on each ticket).
    # Without it: this box's own address on the hall network and its --http-port (docs/PHONE.md).
    # [phone_page]
    # base_url = "http://192.168.1.20:8080"

    [[service]]
    id = "A"
    name_vi = "Đất đai"
    name_en = "Land"
    numbers = "1-999"
    wait_target_minutes = 15
    service_target_minutes = 30

    [[service]]
    id = "B"
    name_vi = "Xây dựng"
    name_en = "Construction permits"

    [[service]]
    id = "C"
    name_vi = "Hộ tịch"
    name_en = "Civil status"
    service_target_minutes = 15

    [[service]]
    id = "D"
    name_vi = "Chứng thực"
    name_en = "Certification of copies and signatures"
    service_target_minutes = 10

    [[service]]
    id = "E"
    name_vi = "Đăng ký kinh doanh hộ cá thể"
    name_en = "Household business registration"

    [[service]]
    id = "F"
    name_vi = "Nội vụ, lao động và việc làm"
    name_en = "Home affairs, labour and employment"

    [[service]]
    id = "G"
    name_vi = "Trả kết quả"
    name_en = "Collect results"
    service_target_minutes = 5

    # location (optional): where a counter is, shown with each call on the boards and phones.
    [[counter]]
    number = 1
    name = "Quầy 1"
    location = "Tầng 1 · Ground floor"
    services = ["A"]

    [[counter]]
    number = 2
    name = "Quầy 2"
    location = "Tầng 1 · Ground floor"
    services = ["A", "B"]

    [[counter]]
    number = 3
    name = "Quầy 3"
    location = "Tầng 1 · Ground floor"
    services = ["B", "A"]

    [[counter]]
    number = 4
    name = "Quầy 4"
    location = "Tầng 1 · Ground floor"
    services = ["C", "D"]

    [[counter]]
    number = 5
    name = "Quầy 5"
    location = "Tầng 2 · 1st floor"
    services = ["D", "C"]

    [[counter]]
    number = 6
    name = "Quầy 6"
    location = "Tầng 2 · 1st floor"
    services = ["E", "F"]

    [[counter]]
    number = 7
    name = "Quầy 7"
    location = "Tầng 2 · 1st floor"
    services = ["F", "E"]

    [[counter]]
    number = 8
    name = "Quầy 8"
    location = "Tầng 2 · 1st floor"
    services = ["G", "D"]

    """
}
