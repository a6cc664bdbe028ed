#!/usr/bin/env bash
# System packages the tests need and pip cannot give: Debian's Chromium (Playwright drives it through
# executable_path) and CJK fonts, so Chinese text in reports renders in the browser. Installed with
# apt-get only when missing; a no-op on a machine that has them.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null \
    || { $sudo_cmd apt-get update -qq >/dev/null && $sudo_cmd apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null; }
fi
