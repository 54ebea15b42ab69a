#!/usr/bin/env bash
# Install the Debian packages caina's tools and tests use, when they are missing:
# LibreOffice (layout oracle, PDF), poppler (pdftotext), CJK and metric-compatible fonts,
# PostgreSQL (the review desk's tests start a throw-away cluster) and Chromium (browser tests, driven by Playwright).
set -u
need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
fc-list 2>/dev/null | grep -q "Noto Serif CJK" || need+=(fonts-noto-cjk)
fc-list 2>/dev/null | grep -q "AR PL UMing" || need+=(fonts-arphic-uming)
fc-list 2>/dev/null | grep -q "AR PL UKai" || need+=(fonts-arphic-ukai)
fc-list 2>/dev/null | grep -q "AR PL SungtiL" || need+=(fonts-arphic-gbsn00lp)
fc-list 2>/dev/null | grep -q "WenQuanYi Zen Hei" || need+=(fonts-wqy-zenhei)
fc-list 2>/dev/null | grep -q "Liberation Serif" || need+=(fonts-liberation2)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v runuser >/dev/null 2>&1 || need+=(util-linux)
[ -x /usr/bin/chromium ] || need+=(chromium)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing Debian packages: ${need[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "apt-get not found: install ${need[*]} by hand (tests that need them skip outside CI)." >&2
  [ -n "${CI:-}" ] && exit 1 || exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" fontconfig >/dev/null; then
  echo "Installed."
else
  echo "Could not install ${need[*]}; tests that need them skip outside CI." >&2
  [ -n "${CI:-}" ] && exit 1 || exit 0
fi
