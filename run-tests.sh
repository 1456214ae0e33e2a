#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run calls exactly this).
#
# The suite uses real tools beside the JDK and Maven, and asserts they are there:
#   chromium, chromedriver   the dashboard's browser test   (Debian: chromium chromium-driver)
#   h5py for /usr/bin/python3 the export read-back tests     (Debian: python3-h5py)
#   h5dump                    the HDF5 files checked again    (Debian: hdf5-tools)
#   openssl                   a self-signed certificate for the HTTPS test (Debian: openssl)
# Run as root on Debian, this script installs what is missing with apt-get (one 'apt-get update'
# first). Otherwise it says exactly what is missing and how to install it, and stops before
# spending minutes on a suite that would fail for want of them.
#
# Usage: ./run-tests.sh [extra Maven arguments, e.g. -pl daq-server -am]
set -euo pipefail
cd "$(dirname "$0")"

# tool -> Debian package that provides it, and how to tell it is there
declare -A package=(
  [chromium]=chromium [chromedriver]=chromium-driver [h5py]=python3-h5py [h5dump]=hdf5-tools [openssl]=openssl
)
present() {
  case "$1" in
    chromium)     [ -x /usr/bin/chromium ] ;;
    chromedriver) [ -x /usr/bin/chromedriver ] ;;
    h5py)         [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import h5py' >/dev/null 2>&1 ;;
    h5dump)       command -v h5dump >/dev/null 2>&1 ;;
    openssl)      command -v openssl >/dev/null 2>&1 ;;
  esac
}
missing() {
  local out=()
  for tool in chromium chromedriver h5py h5dump openssl; do
    present "$tool" || out+=("$tool")
  done
  echo "${out[@]:-}"
}

for tool in java mvn; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "run-tests: '$tool' is not on PATH: the build needs Java 17 and Maven" >&2
    exit 2
  fi
done

need=$(missing)
if [ -n "$need" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  pkgs=$(for t in $need; do echo "${package[$t]}"; done | sort -u | tr '\n' ' ')
  echo "run-tests: installing $pkgs(for: $need)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $pkgs >/dev/null
  need=$(missing)
fi
if [ -n "$need" ]; then
  pkgs=$(for t in $need; do echo "${package[$t]}"; done | sort -u | tr '\n' ' ')
  echo "run-tests: the test suite needs tools this machine lacks: $need" >&2
  echo "run-tests: on Debian, install them as root with:  apt-get install $pkgs" >&2
  echo "run-tests: (chromium and chromedriver at /usr/bin, h5py importable by /usr/bin/python3, h5dump on PATH)" >&2
  exit 2
fi

java -version 2>&1 | sed -n 1p
mvn -version 2>&1 | sed -n 1p
exec mvn -B verify "$@"
