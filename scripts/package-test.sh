#!/bin/sh
# The Debian packages' test (make package-test; docs/INSTALL.md, "Packages"), after make deb:
#   scripts/package-test.sh DEBDIR STAGE     (.build/deb and the tree make deb staged, .build/deb-stage)
# 1. lintian on each package: no error allowed; warnings counted.
# 2. A second build, version +test2, whose sample hall.toml differs.
# 3. A fresh root made here (an empty dpkg database, base-passwd's users), where dpkg --root installs,
#    upgrades, removes and purges the packages; the maintainer scripts really run, outside a chroot
#    with DPKG_ROOT set (--force-script-chrootless), which is how they make users and folders there.
#    The external dependencies (libc6, SDL2, espeak-ng, systemd, ...) are not installed in that root:
#    their entries are copied from this machine's dpkg database, so dpkg checks every dependency and
#    nothing is forced.
# 4. The maintainer scripts' systemd logic (restart on upgrade, stop on removal), run under a faked
#    running systemd (a private /run with systemd/system, logging stand-ins for systemctl and
#    deb-systemd-invoke): there is no systemd PID 1 here to start the units for real.
# Exits non-zero at the first failed check; prints each check.
set -eu
debs=$(realpath "$1") stage=$(realpath "$2")
here=$(dirname "$(realpath "$0")")
version=$(dpkg-deb -f "$debs"/queue-coordinator_*.deb Version)
v2=$version+test2
ours="queue-appliance-runtime queue-appliance-common queue-coordinator queue-display queue-kiosk queue-city"
work=$(mktemp -d /tmp/queue-package-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
root=$work/root
checks=0

ok() { checks=$((checks + 1)); echo "ok   $*"; }
fail() { echo "FAIL $*" >&2; exit 1; }
check() { # check DESCRIPTION COMMAND...: the command must succeed
    what=$1; shift
    if "$@"; then ok "$what"; else fail "$what"; fi
}
# dpkg on the fresh root; its output is kept and shown if it fails.
rdpkg() {
    if ! dpkg --root="$root" --log="$root/var/log/dpkg.log" --force-script-chrootless "$@" >"$work/dpkg.out" 2>&1; then
        cat "$work/dpkg.out" >&2; fail "dpkg $*"
    fi
}
status() { dpkg-query --root="$root" -W -f='${db:Status-Abbrev}${Version}' "$1" 2>/dev/null | tr -d ' '; }
deb() { echo "$1/$2"_*.deb; }

echo "== lintian"
command -v lintian > /dev/null || fail "lintian is not installed (apt-get install lintian; make package-test installs it)"
for f in "$debs"/*.deb; do
    lintian --no-cfg --show-overrides "$f" > "$work/lintian.out" 2>/dev/null || true
    e=$(grep -c '^E:' "$work/lintian.out" || true)
    w=$(grep -c '^W:' "$work/lintian.out" || true)
    o=$(grep -c '^O:' "$work/lintian.out" || true)
    [ "$e" = 0 ] || { cat "$work/lintian.out" >&2; fail "lintian $(basename "$f"): $e errors"; }
    ok "lintian $(basename "$f"): 0 errors, $w warnings, $o overridden (scripts/debian/lintian/)"
done

echo "== a second build, $v2, with a changed sample hall.toml"
cp -a "$stage" "$work/stage2"
echo "# a line the next version added" >> "$work/stage2/etc/queue-appliance/hall.toml"
"$here/debian/build.sh" "$work/stage2" "$v2" "$work/v2" > "$work/build2.out" 2>&1 || { cat "$work/build2.out" >&2; fail "build $v2"; }
ok "built $(ls "$work/v2"/*.deb | wc -l) packages of $v2"

echo "== a fresh root: $root"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/var/log" "$root/etc"
touch "$root/var/lib/dpkg/status" "$root/var/lib/dpkg/available"
cp /usr/share/base-passwd/passwd.master "$root/etc/passwd"
cp /usr/share/base-passwd/group.master "$root/etc/group"
# The external dependencies, as this machine has them installed (their first alternative).
for f in "$debs"/*.deb; do dpkg-deb -f "$f" Depends; done | tr ',' '\n' | sed 's/|.*//; s/(.*//; s/ //g' | sort -u |
    while read -r p; do
        case " $ours " in *" $p "*) continue ;; esac
        dpkg-query -s "$p" >> "$root/var/lib/dpkg/status" 2>/dev/null || fail "$p is not installed on this machine"
        echo >> "$root/var/lib/dpkg/status"
    done
ok "external dependencies recorded: $(grep -c '^Package:' "$root/var/lib/dpkg/status")"

echo "== install $version"
rdpkg -i $(for p in $ours; do deb "$debs" $p; done)
for p in $ours; do check "$p installed ($version)" [ "$(status $p)" = "ii$version" ]; done
for b in queue-coordinator queuectl queue-display queue-kiosk queue-city; do
    check "$b installed, with its manual page" [ -x "$root/usr/bin/$b" -a -s "$root/usr/share/man/man1/$b.1.gz" ]
done
for p in $ours; do
    check "$p has copyright and changelog" [ -s "$root/usr/share/doc/$p/copyright" -a -s "$root/usr/share/doc/$p/changelog.gz" ]
done
# The programs run on the packaged runtime alone (not the toolchain's).
missing=$(LD_LIBRARY_PATH=$root/usr/lib/queue-appliance ldd "$root"/usr/bin/* | grep -e 'not found' -e '=>' |
    grep -v -e "=> $root/usr/lib/queue-appliance/" -e '=> /lib/' -e '=> /usr/lib/' || true)
check "every library the programs link is in queue-appliance-runtime or the system's" [ -z "$missing" ]
check "the programs find the runtime by their own RUNPATH (/usr/lib/queue-appliance), no toolchain path" \
    sh -c "for b in '$root'/usr/bin/*; do readelf -d \"\$b\" | grep -q 'RUNPATH.*/usr/lib/queue-appliance' || exit 1; readelf -d \"\$b\" | grep -q -e '/opt/' -e 'usr/lib/swift' && exit 1; done; exit 0"
check "queuectl runs on the packaged runtime" sh -c "LD_LIBRARY_PATH='$root/usr/lib/queue-appliance' '$root/usr/bin/queuectl' --version >/dev/null"
LD_LIBRARY_PATH=$root/usr/lib/queue-appliance "$root/usr/bin/queue-coordinator" --print-default-config > "$work/hall.toml"
check "hall.toml is the coordinator's default hall" cmp -s "$work/hall.toml" "$root/etc/queue-appliance/hall.toml"
check "hall.toml is a conffile of queue-coordinator" grep -q '^ /etc/queue-appliance/hall.toml ' "$root/var/lib/dpkg/status"
check "each box's options (display.conf, kiosk.conf) are conffiles" sh -c "grep -q '^ /etc/queue-appliance/display.conf ' '$root/var/lib/dpkg/status' && grep -q '^ /etc/queue-appliance/kiosk.conf ' '$root/var/lib/dpkg/status'"
check "the nightly backup's units and the time-sync drop-in come with queue-coordinator" \
    sh -c "[ -s '$root/lib/systemd/system/queue-backup.timer' ] && [ -s '$root/lib/systemd/system/queue-backup.service' ] && [ -s '$root/lib/systemd/system/systemd-time-wait-sync.service.d/queue-appliance.conf' ]"
check "/var/backups/queue-coordinator made by systemd-tmpfiles" [ -d "$root/var/backups/queue-coordinator" ]
for u in queue-coordinator queue-display queue-kiosk queue_city; do
    check "user $u made by systemd-sysusers" grep -q "^$u:" "$root/etc/passwd"
done
check "queue-display in groups video, render, audio, input" sh -c "for g in video render audio input; do grep -q \"^\$g:.*queue-display\" '$root/etc/group' || exit 1; done"
uid=$(sed -n 's/^queue-coordinator:[^:]*:\([0-9]*\):.*/\1/p' "$root/etc/passwd")
check "/var/lib/queue-coordinator made by systemd-tmpfiles, 0700, its user's" \
    [ "$(stat -c '%a %u' "$root/var/lib/queue-coordinator")" = "700 $uid" ]
check "no unit enabled at install" [ ! -e "$root/etc/systemd/system/multi-user.target.wants" ]
check "deb-systemd-helper knows the units (for purge)" [ -e "$root/var/lib/systemd/deb-systemd-helper-enabled/queue-coordinator.service.dsh-also" ]

echo "== the technician enables the coordinator and edits the hall; the hall's database appears"
systemctl --root="$root" enable queue-coordinator.service >/dev/null 2>&1
check "queue-coordinator enabled" [ -L "$root/etc/systemd/system/multi-user.target.wants/queue-coordinator.service" ]
echo "# edited for this hall" >> "$root/etc/queue-appliance/hall.toml"
echo "the hall's tickets" > "$root/var/lib/queue-coordinator/queue.sqlite"

echo "== upgrade to $v2 (keeping the edited hall.toml, as --force-confold answers)"
rdpkg --force-confold -i $(for p in $ours; do deb "$work/v2" $p; done)
for p in $ours; do check "$p upgraded ($v2)" [ "$(status $p)" = "ii$v2" ]; done
check "the edited hall.toml kept" grep -q '^# edited for this hall' "$root/etc/queue-appliance/hall.toml"
check "the new sample beside it as hall.toml.dpkg-dist" grep -q '^# a line the next version added' "$root/etc/queue-appliance/hall.toml.dpkg-dist"
check "queue-coordinator still enabled" [ -L "$root/etc/systemd/system/multi-user.target.wants/queue-coordinator.service" ]
check "queue-display still not enabled" [ ! -e "$root/etc/systemd/system/multi-user.target.wants/queue-display.service" ]
check "the hall's database untouched" grep -q "the hall's tickets" "$root/var/lib/queue-coordinator/queue.sqlite"

echo "== remove queue-display, then purge it"
rdpkg -r queue-display
check "queue-display removed (rc)" [ "$(status queue-display)" = "rc$v2" ]
check "its program, unit and docs gone" [ ! -e "$root/usr/bin/queue-display" -a ! -e "$root/lib/systemd/system/queue-display.service" -a ! -e "$root/usr/share/doc/queue-display" ]
rdpkg -P queue-display
check "queue-display purged" [ -z "$(status queue-display)" ]
check "deb-systemd-helper forgot it" [ ! -e "$root/var/lib/systemd/deb-systemd-helper-enabled/queue-display.service.dsh-also" -a ! -e "$root/etc/systemd/system/queue-display.service" ]

echo "== remove queue-coordinator: its conffile and the hall's database stay"
rdpkg -r queue-coordinator
check "queue-coordinator removed (rc)" [ "$(status queue-coordinator)" = "rc$v2" ]
check "queue-coordinator and queuectl gone" [ ! -e "$root/usr/bin/queue-coordinator" -a ! -e "$root/usr/bin/queuectl" ]
check "hall.toml kept on remove" grep -q '^# edited for this hall' "$root/etc/queue-appliance/hall.toml"
check "the hall's database kept on remove" [ -s "$root/var/lib/queue-coordinator/queue.sqlite" ]

echo "== purge everything"
rdpkg -P queue-coordinator
grep -q "kept /var/lib/queue-coordinator" "$work/dpkg.out" || { cat "$work/dpkg.out" >&2; fail "purge says it kept the database"; }
ok "purge of queue-coordinator says it kept /var/lib/queue-coordinator"
check "hall.toml and hall.toml.dpkg-dist gone on purge" [ ! -e "$root/etc/queue-appliance/hall.toml" -a ! -e "$root/etc/queue-appliance/hall.toml.dpkg-dist" ]
check "its enablement link gone on purge" [ ! -e "$root/etc/systemd/system/multi-user.target.wants/queue-coordinator.service" ]
check "the hall's database kept on purge" [ -s "$root/var/lib/queue-coordinator/queue.sqlite" ]
rdpkg -P queue-kiosk queue-city queue-appliance-common queue-appliance-runtime
for p in $ours; do check "$p gone" [ -z "$(status $p)" ]; done
# Left: dpkg's own files, the users (never removed), the hall's database and its folder.
left=$(cd "$root" && find . ! -type d | grep -v -e '^\./var/lib/dpkg/' -e '^\./var/log/' -e '^\./etc/\(passwd\|group\|shadow\|gshadow\|\.pwd\.lock\)-\?$' \
    -e '^\./var/lib/queue-coordinator/queue.sqlite$' || true)
[ -z "$left" ] || { echo "$left" >&2; fail "files left after purge"; }
ok "no file of any package left, only the users and the hall's database"

echo "== maintainer scripts under a faked running systemd"
mkdir -p "$work/stubs" "$work/scripts"
for s in systemctl deb-systemd-invoke deb-systemd-helper systemd-sysusers systemd-tmpfiles; do
    printf '#!/bin/sh\necho "%s $*" >> "%s/calls"\n[ ! -e "%s/fail-%s" ] || exit 1\n[ "%s $1" != "deb-systemd-helper debian-installed" ] || [ -e "%s/installed" ]\n' \
        "$s" "$work" "$work" "$s" "$s" "$work" > "$work/stubs/$s"
    chmod +x "$work/stubs/$s"
done
# run PACKAGE SCRIPT ARGS...: the script from the package, in a private /run with systemd/system
# (and $script_env in its environment).
script_env=
run() {
    pkg=$1 script=$2; shift 2
    [ -d "$work/scripts/$pkg" ] || dpkg-deb -e "$(deb "$debs" "$pkg")" "$work/scripts/$pkg"
    : > "$work/calls"
    unshare -m sh -c 'mount -t tmpfs tmpfs /run && mkdir -p /run/systemd/system && exec "$@"' sh \
        env PATH="$work/stubs:$PATH" $script_env "$work/scripts/$pkg/$script" "$@" > "$work/script.out" 2>&1
}
runs() { run "$@" || { cat "$work/script.out" >&2; fail "$*"; }; }
called() { grep -qx "$1" "$work/calls"; }
for p in queue-coordinator queue-display queue-kiosk queue-city; do
    u=$p.service
    rm -f "$work/installed"
    runs $p postinst configure
    check "$p first install: daemon-reload, not enabled, not started" \
        sh -c "grep -qx 'systemctl --system daemon-reload' '$work/calls' && ! grep -q -e invoke -e ' enable' '$work/calls'"
    touch "$work/installed"
    runs $p postinst configure "$version"
    check "$p upgrade: try-restart (runs again only if it was running)" called "deb-systemd-invoke try-restart $u"
    [ $p != queue-coordinator ] || check "queue-coordinator upgrade: the backup timer too" called "deb-systemd-invoke try-restart queue-backup.timer"
    touch "$work/fail-deb-systemd-invoke"
    runs $p postinst configure "$version"
    check "$p upgrade whose restart fails: done, and says so" grep -q "did not restart" "$work/script.out"
    rm -f "$work/fail-deb-systemd-invoke"
    runs $p prerm upgrade "$v2"
    check "$p prerm on upgrade: not stopped" sh -c "! grep -q 'deb-systemd-invoke stop' '$work/calls'"
    runs $p prerm remove
    check "$p prerm on remove: stopped" called "deb-systemd-invoke stop $u"
    runs $p postrm remove
    check "$p postrm on remove: daemon-reload, masked" sh -c "grep -qx 'systemctl --system daemon-reload' '$work/calls' && grep -qx 'deb-systemd-helper mask $u' '$work/calls'"
    runs $p postrm purge
    check "$p postrm on purge: forgotten" called "deb-systemd-helper purge $u"
    script_env=DPKG_ROOT=$work/elsewhere
    runs $p postinst configure "$version"
    script_env=
    check "$p into another root (DPKG_ROOT): no restart here" sh -c "! grep -q -e systemctl -e deb-systemd-invoke '$work/calls'"
done
runs queue-appliance-common postinst configure
check "common postinst: systemd-sysusers and systemd-tmpfiles" sh -c "grep -qx 'systemd-sysusers queue-appliance.conf' '$work/calls' && grep -qx 'systemd-tmpfiles --create queue-appliance.conf' '$work/calls'"
for s in systemd-sysusers systemd-tmpfiles; do
    touch "$work/fail-$s"
    if run queue-appliance-common postinst configure; then fail "common postinst hid a failing $s"; fi
    ok "common postinst fails when $s fails"
    rm -f "$work/fail-$s"
done

echo "== $checks checks passed"
