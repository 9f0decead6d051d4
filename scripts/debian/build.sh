#!/bin/sh
# Builds the appliance's Debian packages (make deb; docs/INSTALL.md, "Packages") from the tree
# `make install-files` staged with the Debian layout:
#   scripts/debian/build.sh STAGE VERSION OUTDIR
# Each package's files are moved out of a copy of STAGE into OUTDIR/debian/PACKAGE (the layout
# dpkg-shlibdeps knows); a file no package takes is an error. The .deb files land in OUTDIR.
set -eu
stage=$1 version=$2 out=$3
here=$(dirname "$0")
arch=$(dpkg --print-architecture)
maintainer=${DEB_MAINTAINER:-Hall queue appliance developers <queue-appliance@example.org>}
runtime=/usr/lib/queue-appliance
toolchain=$(${SWIFT:-swift} -print-target-info | sed -n '/"runtimeLibraryPaths"/{n;s/.*"\(.*\)".*/\1/p}')
# The commit and its time (a checkout owned by another user, as in a CI container, still answers;
# outside a checkout: unknown, now). SOURCE_DATE_EPOCH also dates the files in the packages.
git() { command git -c safe.directory='*' -C "$here" "$@" 2>/dev/null; }
commit=$(git rev-parse --short HEAD || echo unknown)
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct || date +%s)}
date=$(date -R -d "@$SOURCE_DATE_EPOCH")
packages="queue-appliance-runtime queue-appliance-common queue-coordinator queue-display queue-kiosk queue-city"

rm -rf "$out"
mkdir -p "$out/debian"
out=$(realpath "$out")
cp -a "$stage" "$out/stage"
printf 'Source: queue-appliance\n\nPackage: queue-coordinator\nArchitecture: any\n' > "$out/debian/control"

# take PACKAGE PATH...: moves staged paths into the package.
take() {
    pkg=$1; shift
    for p in "$@"; do
        [ -e "$out/stage/$p" ] || { echo "build.sh: $p was not staged" >&2; exit 1; }
        mkdir -p "$out/debian/$pkg/$(dirname "$p")"
        mv "$out/stage/$p" "$out/debian/$pkg/$p"
    done
}
# commands PACKAGE COMMAND...: the commands with their manual pages and shell completions.
commands() {
    pkg=$1; shift
    for c in "$@"; do
        take "$pkg" usr/bin/$c usr/share/man/man1/$c.1.gz usr/share/bash-completion/completions/$c \
            usr/share/zsh/vendor-completions/_$c usr/share/fish/vendor_completions.d/$c.fish
    done
}

commands queue-coordinator queue-coordinator queuectl
take queue-coordinator lib/systemd/system/queue-coordinator.service etc/queue-appliance/hall.toml \
    lib/systemd/system/queue-backup.service lib/systemd/system/queue-backup.timer \
    lib/systemd/system/systemd-time-wait-sync.service.d/queue-appliance.conf
commands queue-display queue-display
take queue-display lib/systemd/system/queue-display.service etc/queue-appliance/display.conf
commands queue-kiosk queue-kiosk
take queue-kiosk lib/systemd/system/queue-kiosk.service etc/queue-appliance/kiosk.conf
commands queue-city queue-city
take queue-city lib/systemd/system/queue-city.service
take queue-appliance-common etc/queue-appliance usr/lib/sysusers.d/queue-appliance.conf \
    usr/lib/tmpfiles.d/queue-appliance.conf usr/share/doc/queue-appliance usr/share/queue-appliance
left=$(find "$out/stage" ! -type d)
[ -z "$left" ] || { printf 'build.sh: no package takes:\n%s\n' "$left" >&2; exit 1; }

# The Swift runtime the binaries link (RUNPATH /usr/lib/queue-appliance), from the toolchain.
mkdir -p "$out/debian/queue-appliance-runtime$runtime"
libs=$(LD_LIBRARY_PATH=$toolchain ldd "$out"/debian/queue-*/usr/bin/* | sed -n "s|.* => $toolchain/\([^ ]*\) .*|\1|p" | sort -u)
[ -n "$libs" ] || { echo "build.sh: the binaries link no Swift runtime from $toolchain" >&2; exit 1; }
for lib in $libs; do
    install -m 0644 "$toolchain/$lib" "$out/debian/queue-appliance-runtime$runtime/$lib"
    strip --strip-unneeded --remove-section=.comment --remove-section=.note "$out/debian/queue-appliance-runtime$runtime/$lib"
done

for pkg in $packages; do
    root=$out/debian/$pkg
    doc=$root/usr/share/doc/$pkg
    mkdir -p "$doc" "$root/DEBIAN"
    if [ $pkg = queue-appliance-runtime ]; then cp "$here/copyright-runtime" "$doc/copyright"; else cp "$here/copyright" "$doc/copyright"; fi
    # A native package (built here, no upstream tarball): its changelog is changelog.gz.
    printf 'queue-appliance (%s) unstable; urgency=medium\n\n  * Hall queue appliance %s, built from commit %s.\n\n -- %s  %s\n' \
        "$version" "$version" "$commit" "$maintainer" "$date" | gzip -9n > "$doc/changelog.gz"
    # Maintainer scripts: the role packages' from the unit templates, the common package's own.
    case $pkg in
        queue-coordinator|queue-display|queue-kiosk|queue-city)
            # The coordinator's box also runs the nightly backup's timer.
            units=$pkg.service; [ $pkg != queue-coordinator ] || units="$units queue-backup.timer queue-backup.service"
            for s in postinst prerm postrm; do
                sed "s/@UNITS@/$units/g; s/@UNIT@/$pkg/g" "$here/unit.$s" > "$root/DEBIAN/$s"
            done ;;
        queue-appliance-common) cp "$here/common.postinst" "$root/DEBIAN/postinst" ;;
    esac
    if [ -e "$here/lintian/$pkg" ]; then
        install -D -m 0644 "$here/lintian/$pkg" "$root/usr/share/lintian/overrides/$pkg"
    fi
    # Every file in /etc is a conffile (hall.toml, display.conf, kiosk.conf).
    if [ -n "$(find "$root" -path "$root/etc/*" -type f)" ]; then
        (cd "$root" && find etc -type f | sed 's|^|/|') > "$root/DEBIAN/conffiles"
    fi
    find "$root/DEBIAN" -name 'p*' -exec chmod 0755 {} +
    # Depends: what its ELF files link (dpkg-shlibdeps; the Swift runtime's unversioned libraries are
    # left to the exact-version dependency on queue-appliance-runtime in its template).
    elves=$(cd "$out" && find debian/$pkg -type f \( -path '*/usr/bin/*' -o -name '*.so' \))
    shlibs=
    if [ -n "$elves" ]; then
        shlibs=$(cd "$out" && dpkg-shlibdeps -O -l"debian/queue-appliance-runtime$runtime" $elves 2>"$out/shlibdeps.log" | sed -n 's/^shlibs:Depends=//p')
        # Its warnings about the runtime's unversioned private libraries are expected; others are shown.
        grep -v -e "can't extract name and version" -e "linked against lib\(swift\|_\?Foundation\|dispatch\|BlocksRuntime\)" "$out/shlibdeps.log" >&2 || true
        [ -n "$shlibs" ] || { echo "build.sh: dpkg-shlibdeps found nothing for $pkg" >&2; exit 1; }
    fi
    # dpkg --verify reads md5sums; strip leaves .comment and .note sections in the binaries.
    [ ! -d "$root/usr/bin" ] || find "$root/usr/bin" -type f -exec strip --remove-section=.comment --remove-section=.note {} +
    (cd "$root" && find . -path ./DEBIAN -prune -o -type f -print | sed 's|^\./||' | LC_ALL=C sort | xargs md5sum) > "$root/DEBIAN/md5sums"
    a=$arch; [ $pkg != queue-appliance-common ] || a=all
    size=$(du -sk --apparent-size --exclude=DEBIAN "$root" | cut -f1)
    {
        printf 'Package: %s\nSource: queue-appliance\nVersion: %s\nArchitecture: %s\nMaintainer: %s\nInstalled-Size: %s\n' \
            "$pkg" "$version" "$a" "$maintainer" "$size"
        sed "s/@SHLIBS@/$shlibs/; s/@VERSION@/$version/g" "$here/$pkg.control"
    } > "$root/DEBIAN/control"
    dpkg-deb --build --root-owner-group "$root" "$out/${pkg}_${version}_$a.deb"
done
rm -rf "$out/stage" "$out/shlibdeps.log"
