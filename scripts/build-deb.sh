#!/bin/sh
# make deb: builds the Debian packages from a copy of the working tree (tracked
# files and new ones not ignored), so that dpkg-buildpackage's output and its
# build tree stay under OUT. debian/changelog is written here, from the CMake
# project version: the one place the version is kept.
#
#   scripts/build-deb.sh OUT VERSION
set -eu

out=$1
version=$2
[ -n "$version" ] || { echo "build-deb: no version (CMakeLists.txt project())" >&2; exit 2; }
src="$out/src"
mkdir -p "$src"

# The tree as it is now; the build directory (obj-*) of an earlier run stays,
# so only what changed is compiled again. ccache, when installed, serves the rest.
# Files deleted since stay deleted: all but that build directory goes first.
find "$src" -mindepth 1 -maxdepth 1 ! -name 'obj-*' -exec rm -rf {} +
git ls-files -z --cached --others --exclude-standard |
    tar --null -T - --ignore-failed-read -cf - | tar -xf - -C "$src"

cat > "$src/debian/changelog" <<END
weerbaar ($version) bookworm; urgency=medium

  * Version $version (CMakeLists.txt), built by make deb.

 -- Weerbaar developers <weerbaar@weerbaarbestuur.invalid>  $(date -R)
END

if command -v ccache > /dev/null; then
    export CMAKE_CXX_COMPILER_LAUNCHER=ccache
fi
cd "$src"
# dh skips the build once its stamp exists (-nc keeps it): without the stamp it
# builds again, and ninja compiles only what changed.
rm -f debian/debhelper-build-stamp
DEB_BUILD_OPTIONS="parallel=${DEB_JOBS:-$(nproc)} ${DEB_BUILD_OPTIONS:-}" \
    nice dpkg-buildpackage -b -nc --no-sign
cd ..
# dpkg-buildpackage writes next to the source: here, OUT.
ls -l ./*_"$version"_*.deb
lintian --info --display-info --pedantic weerbaar_"$version"_*.changes
