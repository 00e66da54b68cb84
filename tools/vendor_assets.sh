#!/usr/bin/env bash
# Re-download the vendored front-end assets from the npm registry and copy the
# built browser files into src/parkbase/static/vendor/.
#
# Versions are pinned; to upgrade, change a version AND its sha256 below, run
# this script, check the output, and update static/vendor/VENDORED.md.
#
# Needs: npm (only for `npm pack`; nothing is installed, no node_modules or
# package.json is created in the project), tar, sha256sum, sed, grep.
set -euo pipefail

HTMX_VERSION=2.0.11
TABLER_VERSION=1.6.1
ECHARTS_VERSION=6.1.0
LEAFLET_VERSION=1.9.4

# sha256 of the tarballs that `npm pack` downloads (pinned so a changed
# tarball is noticed; npm itself also checks the registry's sha512 integrity).
HTMX_SHA256=165a2655073e9e6e55e307a7c74e8ebcdb76afb7701f9c16cfd106a13add408e
TABLER_SHA256=d02d679e51f6c179b21f035e154c13cdcb2ae8b18579e56ea606408ba7fc7a87
ECHARTS_SHA256=681aff88cc1038c3fa941a3a53d1b177a52250b05335efc607d6105ae13be481
LEAFLET_SHA256=84c65a256e50657896f54c33bd857b6849ebe94c817803be818bf32a3dde0b77

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR="$ROOT/src/parkbase/static/vendor"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

fetch() {  # fetch SPEC TARBALL SHA256 DIR  -> extracts to $WORK/DIR/package
    local spec=$1 tarball=$2 sha=$3 dir=$4
    (cd "$WORK" && npm pack --silent "$spec" >/dev/null)
    echo "$sha  $WORK/$tarball" | sha256sum -c --quiet - \
        || { echo "sha256 mismatch for $tarball" >&2; exit 1; }
    mkdir -p "$WORK/$dir"
    tar -xzf "$WORK/$tarball" -C "$WORK/$dir"
}

fetch "htmx.org@$HTMX_VERSION"       "htmx.org-$HTMX_VERSION.tgz"       "$HTMX_SHA256"    htmx
fetch "@tabler/core@$TABLER_VERSION" "tabler-core-$TABLER_VERSION.tgz"  "$TABLER_SHA256"  tabler
fetch "echarts@$ECHARTS_VERSION"     "echarts-$ECHARTS_VERSION.tgz"     "$ECHARTS_SHA256" echarts
fetch "leaflet@$LEAFLET_VERSION"     "leaflet-$LEAFLET_VERSION.tgz"     "$LEAFLET_SHA256" leaflet

rm -rf "$VENDOR/htmx" "$VENDOR/tabler" "$VENDOR/echarts" "$VENDOR/leaflet"
mkdir -p "$VENDOR/htmx" "$VENDOR/tabler/css" "$VENDOR/tabler/js" "$VENDOR/echarts/licenses"
mkdir -p "$VENDOR/leaflet/images"

# htmx.org (0BSD)
cp "$WORK/htmx/package/dist/htmx.min.js" "$VENDOR/htmx/htmx.min.js"
cp "$WORK/htmx/package/LICENSE"          "$VENDOR/htmx/LICENSE"

# @tabler/core (MIT; the package ships no LICENSE file, the notice is in the
# file headers). tabler.min.css only uses data: URIs in url(...), so there are
# no fonts/images to copy alongside it.
cp "$WORK/tabler/package/dist/css/tabler.min.css" "$VENDOR/tabler/css/tabler.min.css"
cp "$WORK/tabler/package/dist/js/tabler.min.js"   "$VENDOR/tabler/js/tabler.min.js"

# echarts (Apache-2.0: keep LICENSE and NOTICE next to the file)
cp "$WORK/echarts/package/dist/echarts.min.js"      "$VENDOR/echarts/echarts.min.js"
cp "$WORK/echarts/package/LICENSE"                  "$VENDOR/echarts/LICENSE"
cp "$WORK/echarts/package/NOTICE"                   "$VENDOR/echarts/NOTICE"
cp "$WORK/echarts/package/licenses/LICENSE-d3"      "$VENDOR/echarts/licenses/LICENSE-d3"

# leaflet (BSD-2-Clause). leaflet.css refers to images/*.png relative to itself,
# so the images directory is copied next to it.
cp "$WORK/leaflet/package/dist/leaflet.js"      "$VENDOR/leaflet/leaflet.js"
cp "$WORK/leaflet/package/dist/leaflet.css"     "$VENDOR/leaflet/leaflet.css"
cp "$WORK/leaflet/package/dist/images/"*.png    "$VENDOR/leaflet/images/"
cp "$WORK/leaflet/package/LICENSE"              "$VENDOR/leaflet/LICENSE"

ASSETS=(
    "$VENDOR/htmx/htmx.min.js"
    "$VENDOR/tabler/css/tabler.min.css"
    "$VENDOR/tabler/js/tabler.min.js"
    "$VENDOR/echarts/echarts.min.js"
    "$VENDOR/leaflet/leaflet.js"
    "$VENDOR/leaflet/leaflet.css"
)

for f in "${ASSETS[@]}"; do
    # Drop source-map comments: the .map files are not vendored, so browsers
    # (and Django's ManifestStaticFilesStorage) would look for missing files.
    sed -i -E '/^[[:space:]]*(\/\/|\/\*)[#@] sourceMappingURL=/d' "$f"
    case "$f" in
        *.css)
            # Strip any @import of remote stylesheets (e.g. web fonts).
            sed -i -E \
                -e 's#@import[[:space:]]+url\([^)]*https?://[^)]*\)[^;]*;##g' \
                -e "s#@import[[:space:]]+[\"']https?://[^\"']*[\"'][^;]*;##g" \
                "$f"
            ;;
    esac
done

# Checks: nothing may be loaded from the network at run time.
fail=0
for f in "${ASSETS[@]}"; do
    if grep -q 'sourceMappingURL' "$f"; then
        echo "ERROR: sourceMappingURL left in $f" >&2; fail=1
    fi
    size=$(stat -c %s "$f")
    if [ "$size" -ge 5000000 ]; then
        echo "ERROR: $f is $size bytes (>= 5 MB)" >&2; fail=1
    fi
done
css="$VENDOR/tabler/css/tabler.min.css"
if grep -qE '@import' "$css"; then
    echo "ERROR: @import left in $css" >&2; fail=1
fi
# every url(...) in the CSS must be a data: URI (no remote or relative files)
if grep -oE 'url\([^)]*\)' "$css" | grep -vqE "^url\([\"']?data:"; then
    echo "ERROR: non-data url(...) in $css:" >&2
    grep -oE 'url\([^)]*\)' "$css" | grep -vE "^url\([\"']?data:" >&2
    fail=1
fi
# leaflet.css: every url(...) is one of the copied images (or the old-IE VML behaviour)
lcss="$VENDOR/leaflet/leaflet.css"
for u in $(grep -oE 'url\([^)]*\)' "$lcss" | sed -E "s/^url\([\"']?//; s/[\"']?\)$//" | sort -u); do
    case "$u" in
        "#default#VML") ;;
        images/*) [ -f "$VENDOR/leaflet/$u" ] || { echo "ERROR: $lcss refers to missing $u" >&2; fail=1; } ;;
        *) echo "ERROR: unexpected url($u) in $lcss" >&2; fail=1 ;;
    esac
done
[ "$fail" -eq 0 ] || exit 1

echo "Vendored into $VENDOR:"
for f in "${ASSETS[@]}"; do
    printf '  %-28s %9s bytes  sha256 %s\n' "${f#"$VENDOR"/}" "$(stat -c %s "$f")" \
        "$(sha256sum "$f" | cut -d' ' -f1)"
done
echo "URLs found in the vendored files (should all be comments/XML namespaces/error text):"
grep -o "https\?://[^\"') ]*" "${ASSETS[@]}" | sort | uniq -c | sed 's#'"$VENDOR"'/#  #'
