#!/usr/bin/env bash
# System packages the tests need and pip cannot give: Debian's Chromium (Playwright drives it through
# executable_path) and CJK fonts, so Chinese text in reports renders in the browser. Installed with
# apt-get only when missing; a no-op on a machine that has them.
set -euo pipefail
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
installed fonts-noto-cjk || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null \
    || { $sudo_cmd apt-get update -qq >/dev/null && $sudo_cmd apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null; }
fi
