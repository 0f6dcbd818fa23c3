#!/usr/bin/env bash
# Installs what Qinglang needs from Debian's packages when it is missing (decision "CI installs
# from Debian"):
# redis-server (the state store), prometheus (promtool for the alert tests, and the Prometheus that
# `make demo` runs), a Java 17 runtime and Maven (Kafka), and
# chromium with chromium-driver (the console's browser test; nothing is downloaded at run time).
set -euo pipefail
missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
{ command -v promtool >/dev/null && command -v prometheus >/dev/null; } || missing+=(prometheus)
command -v java >/dev/null || missing+=(openjdk-17-jre-headless)
command -v mvn >/dev/null || missing+=(maven)
command -v chromium >/dev/null || missing+=(chromium fonts-noto-cjk)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "system-deps: installing ${missing[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO=sudo; else
    echo "system-deps: need root to apt-get install ${missing[*]}; install them and re-run" >&2
    exit 1
  fi
else
  SUDO=
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
for tool in redis-server promtool prometheus java mvn chromium chromedriver; do
  command -v "$tool" >/dev/null || { echo "system-deps: $tool still missing after install" >&2; exit 1; }
done
