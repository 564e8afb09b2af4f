#!/usr/bin/env bash
# Fetches Debian's `kubernetes` source package (upstream v1.20.2 with its vendor/ tree) and
# builds kube-apiserver, kube-controller-manager, kube-scheduler and kubemark once.
# The binaries are cached outside the clone, keyed by the package version:
#   ${KDECK_REALKUBE_CACHE:-$HOME/.cache/kdeck-realkube}/<version>/bin/
# and <cache>/current is a symlink to the last complete <version> folder.
#
# Usage: tests/realkube/build.sh [--print-bin] [--refresh] [--keep-source]
#   --print-bin    print the bin folder of a complete build and exit (1 when there is none);
#                  never touches the network
#   --refresh      update the private apt lists even when a complete build is cached
#   --keep-source  keep the source tree after a successful build (default: delete it)
# Environment: KDECK_REALKUBE_CACHE (cache folder), KDECK_REALKUBE_JOBS (go build -p, default
# the number of cores), KDECK_REALKUBE_NICE (niceness, default 10).
# Idempotent and resumable: every step leaves a stamp; a second run after success takes
# well under a second. Progress goes to stdout, everything else to <cache>/build.log.
set -euo pipefail

cache=${KDECK_REALKUBE_CACHE:-$HOME/.cache/kdeck-realkube}
bins=(kube-apiserver kube-controller-manager kube-scheduler kubemark)
print_bin=0 refresh=0 keep_src=${KDECK_REALKUBE_KEEP_SOURCE:-0}
for a in "$@"; do
	case $a in
	--print-bin) print_bin=1 ;;
	--refresh) refresh=1 ;;
	--keep-source) keep_src=1 ;;
	-h | --help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "build.sh: unknown argument $a" >&2; exit 2 ;;
	esac
done

complete() { # DIR: all binaries and the stamp present
	local b
	[ -f "$1/bin/.complete" ] || return 1
	for b in "${bins[@]}"; do [ -x "$1/bin/$b" ] || return 1; done
}

if [ $print_bin = 1 ]; then
	if [ -e "$cache/current" ] && complete "$cache/current"; then
		(cd "$cache/current/bin" && pwd -P)
		exit 0
	fi
	echo "build.sh: no complete build in $cache (run tests/realkube/build.sh)" >&2
	exit 1
fi

mkdir -p "$cache"
log=$cache/build.log
t0=$SECONDS
say() { printf '[realkube %4ds] %s\n' $((SECONDS - t0)) "$*" | tee -a "$log"; }
die() { say "ERROR: $*"; say "see $log"; exit 1; }
run() { # run a command with its output in the log
	echo "+ $*" >>"$log"
	"$@" >>"$log" 2>&1
}
echo "==== $(date -u +%FT%TZ) build.sh $*" >>"$log"

# One build at a time per cache folder.
exec 9>"$cache/.lock"
if ! flock -n 9; then
	say "another build.sh holds $cache/.lock; waiting"
	flock 9
fi

# ---- apt: dependencies in the system, the source package through a private configuration
sudo_=()
[ "$(id -u)" = 0 ] || sudo_=(sudo -n)
deps=(golang-1.19-go etcd-server rsync golang-github-modern-go-reflect2-dev dpkg-dev)
missing=()
for p in "${deps[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	say "installing ${missing[*]}"
	if ! { [ ${#sudo_[@]} = 0 ] || sudo -n true 2>/dev/null; }; then
		die "needs root: run  sudo apt-get install -y ${missing[*]}"
	fi
	if ! DEBIAN_FRONTEND=noninteractive run "${sudo_[@]}" apt-get install -y --no-install-recommends "${missing[@]}"; then
		run "${sudo_[@]}" apt-get update || true
		DEBIAN_FRONTEND=noninteractive run "${sudo_[@]}" apt-get install -y --no-install-recommends "${missing[@]}" ||
			die "could not install: apt-get install -y ${missing[*]}"
	fi
fi
goroot=/usr/lib/go-1.19
[ -x $goroot/bin/go ] || die "$goroot/bin/go missing (package golang-1.19-go)"

aptdir=$cache/apt
mkdir -p "$aptdir/lists/partial" "$aptdir/cache/archives/partial" "$aptdir/sources.list.d"
mirror=${KDECK_REALKUBE_MIRROR:-http://deb.debian.org/debian}
suite=${KDECK_REALKUBE_SUITE:-bookworm}
echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $suite main" >"$aptdir/sources.list"
apt_priv=(-o "Dir::Etc::SourceList=$aptdir/sources.list" -o "Dir::Etc::SourceParts=$aptdir/sources.list.d"
	-o "Dir::State::Lists=$aptdir/lists" -o "Dir::Cache=$aptdir/cache"
	-o "Dir::Cache::pkgcache=" -o "Dir::Cache::srcpkgcache=" -o "APT::Sandbox::User=root")

srcversion() {
	apt-cache "${apt_priv[@]}" showsrc kubernetes 2>/dev/null |
		awk '/^Package: kubernetes$/{p=1} p && /^Version:/{print $2; exit}'
}
ver=""
[ $refresh = 1 ] || ver=$(srcversion || true)
if [ -z "$ver" ]; then
	say "updating the private apt lists ($mirror $suite, deb-src)"
	run apt-get "${apt_priv[@]}" update || die "apt-get update (private lists) failed"
	ver=$(srcversion || true)
	[ -n "$ver" ] || die "no source package 'kubernetes' in $mirror $suite"
fi
top=$cache/$ver
if complete "$top"; then
	ln -sfn "$ver" "$cache/current"
	say "cached build of kubernetes $ver: $top/bin"
	exit 0
fi
say "building kubernetes $ver in $top"
mkdir -p "$top/bin" "$top/stamps"
stamp() { touch "$top/stamps/$1"; }
done_() { [ -f "$top/stamps/$1" ]; }

# ---- fetch
dl=$top/download
if ! done_ fetched; then
	mkdir -p "$dl"
	say "fetching the source package (apt-get source --download-only kubernetes=$ver)"
	(cd "$dl" && run apt-get "${apt_priv[@]}" source --download-only "kubernetes=$ver") ||
		die "apt-get source failed"
	stamp fetched
fi

# ---- unpack into a GOPATH layout
export GOPATH=$top/gopath
k8s=$GOPATH/src/k8s.io/kubernetes
if ! done_ unpacked; then
	say "unpacking"
	rm -rf "$GOPATH"
	mkdir -p "$(dirname "$k8s")"
	dsc=$(ls "$dl"/kubernetes_*.dsc | head -1)
	run dpkg-source --no-check -x "$dsc" "$k8s" || die "dpkg-source -x failed"
	stamp unpacked
fi

# ---- reflect2 1.0.1 faults under Go >= 1.18; use Debian's 1.0.2 sources
if ! done_ reflect2; then
	r2=/usr/share/gocode/src/github.com/modern-go/reflect2
	[ -d $r2 ] || die "$r2 missing (package golang-github-modern-go-reflect2-dev)"
	say "replacing vendor/github.com/modern-go/reflect2 with Debian's $(dpkg-query -W -f='${Version}' golang-github-modern-go-reflect2-dev)"
	v=$k8s/vendor/github.com/modern-go/reflect2
	rm -f "$v"/*.go "$v"/*.s
	for f in "$r2"/*.go "$r2"/*.s; do
		[ -e "$f" ] || continue
		case $f in *_test.go) continue ;; esac
		cp "$f" "$v/"
	done
	stamp reflect2
fi

export PATH=$goroot/bin:$PATH GO111MODULE=off CGO_ENABLED=0 GOPROXY=off GOFLAGS=
export GOCACHE=$top/gocache GOTMPDIR=$top/tmp
mkdir -p "$GOCACHE" "$GOTMPDIR"
nice_=(nice -n "${KDECK_REALKUBE_NICE:-10}")
jobs=${KDECK_REALKUBE_JOBS:-$(nproc)}

# ---- generated files (OpenAPI, deepcopy, ...)
if ! done_ generated; then
	say "make generated_files (about 80 s on 2 cores)"
	t=$SECONDS
	(cd "$k8s" && run "${nice_[@]}" make generated_files) || die "make generated_files failed"
	say "generated files done in $((SECONDS - t)) s"
	stamp generated
fi

# ---- binaries
gitver=v${ver##*really}
gitver=${gitver%%-*}
now=$(date -u +%FT%TZ)
ldf=""
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version \
	k8s.io/kubernetes/vendor/k8s.io/component-base/version k8s.io/kubernetes/vendor/k8s.io/client-go/pkg/version; do
	ldf+=" -X '$pkg.gitVersion=$gitver' -X '$pkg.gitCommit=debian-$ver' -X '$pkg.gitTreeState=clean'"
	ldf+=" -X '$pkg.buildDate=$now' -X '$pkg.gitMajor=1' -X '$pkg.gitMinor=20'"
done
ldf+=" -s -w"
for b in "${bins[@]}"; do
	[ -x "$top/bin/$b" ] && continue
	case $b in kubemark) pkg=./cmd/kubemark ;; *) pkg=./cmd/$b ;; esac
	say "go build $b"
	t=$SECONDS
	(cd "$k8s" && run "${nice_[@]}" go build -p "$jobs" -trimpath -ldflags "$ldf" -o "$top/bin/$b.tmp" "$pkg") ||
		die "go build $b failed"
	mv "$top/bin/$b.tmp" "$top/bin/$b"
	say "$b built in $((SECONDS - t)) s"
done
"$top/bin/kube-apiserver" --version >>"$log" 2>&1 || die "kube-apiserver --version failed"
echo "$ver" >"$top/bin/.version"
touch "$top/bin/.complete"
ln -sfn "$ver" "$cache/current"
say "built kubernetes $ver in $((SECONDS - t0)) s: $top/bin"

# ---- the source tree and build cache are several GB; keep only bin/
if [ "$keep_src" != 1 ]; then
	size=$(du -sh "$top/gopath" "$top/gocache" "$top/download" 2>/dev/null | awk '{print $1}' | tr '\n' ' ')
	chmod -R u+w "$top/gopath" "$top/gocache" 2>/dev/null || true
	rm -rf "$top/gopath" "$top/gocache" "$top/tmp" "$top/download" "$top/stamps"
	say "removed the source tree and build cache ($size); kept $top/bin"
fi
df -h "$cache" >>"$log" 2>&1 || true
