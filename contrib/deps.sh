#!/usr/bin/env bash
# Installs the Debian packages named as arguments that are missing: as root, or with sudo
# when it needs no password, otherwise prints the exact apt-get line and fails.
# Quiet and fast (one dpkg-query) when nothing is missing.
set -euo pipefail
missing=()
for p in "$@"; do
	s=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$s" = installed ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
	echo "deps: missing ${missing[*]}, and this is not a Debian system: install them with your package manager" >&2
	exit 1
fi
line="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" = 0 ]; then
	sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	sudo=(sudo -n)
else
	echo "deps: missing ${missing[*]}; install them with:" >&2
	echo "    sudo apt-get update && sudo $line" >&2
	exit 1
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null ||
	{ "${sudo[@]}" apt-get update -q </dev/null && "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null; }
