#!/usr/bin/env bash
# The Debian packages the tests need, installed when one is missing (as root; otherwise it says what to run).
# Chromium drives the e2e tests (npm cannot download a browser here); Xvfb gives the real-screen-capture tests a
# display of their own; coturn proves the external-relay configuration; iptables cuts the network between two
# browsers to prove a session survives it; the Lifeline Helper types with xdotool, syncs the clipboard with xclip
# and injects through libxtst (its tests read back with xev); openbox is the desktop test's window manager, which
# gives the keyboard to the window the technician clicked; Firefox ESR is the customer in a second browser engine
# (the widget on a company's page); Wine runs the Windows helper built here (its smoke test).
set -euo pipefail

PACKAGES=(chromium xvfb xauth fonts-dejavu-core coturn openssl iptables xdotool xclip x11-utils libxtst6 openbox firefox-esr wine64)
missing=0
for tool in chromium Xvfb turnserver iptables xdotool xclip xev openbox firefox-esr; do
  command -v "$tool" >/dev/null || missing=1
done
[ -x /usr/lib/wine/wine64 ] || missing=1
[ "$missing" = 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
  echo "The tests need Debian packages that are missing. As root: apt-get install ${PACKAGES[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null
