#!/usr/bin/env bash
# Builds the binaries the end-to-end suite runs, from source, at the versions pinned in the go.mod files beside
# this script (go.sum checked in, so every machine builds the same code):
#
#   kube   kube-apiserver + kubectl (k8s.io/kubernetes) and etcd (go.etcd.io/etcd/server/v3) into
#          $KUBE_API_TEST_DIR/k8s/<version>-<os>-<arch>/, the folder io.fabric8:kube-api-test reads in offline mode
#   helm   helm (helm.sh/helm/v3) into $KUBE_API_TEST_DIR/tools/helm-<version>/helm
#
# Usage: build.sh [kube|helm|all]   (default: all). KUBE_API_TEST_DIR defaults to ~/.kubeapitest.
# Needs only a Go toolchain (1.24+) and the Go module proxy. Cached: each target writes a stamp with the versions
# and the go.sum digest it was built from, and a second run with the same inputs does nothing.
# A cold build of "kube" took 15 minutes on 2 busy cores (kube-apiserver is most of it); later runs take 0.05 s.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
target="${1:-all}"
base="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}"

command -v go >/dev/null || { echo "kube-binaries: a Go toolchain (1.24+) is needed to build kube-apiserver, etcd, kubectl" >&2; exit 1; }

export CGO_ENABLED=0 GOFLAGS=-mod=readonly
os="$(go env GOOS)"
arch="$(go env GOARCH)"

# The version a go.mod requires for a module, e.g. "v1.34.4".
required() {
  awk -v m="$2" '$1 == "require" && $2 == m { print $3; exit } $1 == m && $2 ~ /^v/ { print $2; exit }' "$here/$1/go.mod"
}
digest() { cat "$@" | sha256sum | cut -d' ' -f1; }

# build_into <dir> <stamp text> <module dir> <output name> <package> <ldflags> [<output name> <package> <ldflags>]...
build_into() {
  local dir="$1" stamp="$2" module="$3"
  shift 3
  if [[ -f "$dir/.hookgate-build" && "$(cat "$dir/.hookgate-build")" == "$stamp" ]]; then
    echo "kube-binaries: $dir is up to date ($stamp)"
    return
  fi
  echo "kube-binaries: building into $dir: $stamp"
  echo "kube-binaries: a first build compiles from source through the Go module proxy and takes 10-15 minutes on 2 cores"
  local work
  work="$(mktemp -d "${TMPDIR:-/tmp}/kube-binaries.XXXXXX")"
  while (($#)); do
    local name="$1" pkg="$2" ldflags="$3"
    shift 3
    local started=$SECONDS
    (cd "$here/$module" && go build -trimpath -ldflags "-s -w $ldflags" -o "$work/$name" "$pkg")
    echo "kube-binaries:   $name built in $((SECONDS - started))s"
  done
  mkdir -p "$dir"
  for built in "$work"/*; do
    mv -f "$built" "$dir/"
  done
  rmdir "$work"
  echo "$stamp" >"$dir/.hookgate-build"
}

build_kube() {
  local k8s etcd
  k8s="$(required kubernetes k8s.io/kubernetes)"
  etcd="$(required etcd go.etcd.io/etcd/server/v3)"
  local dir="$base/k8s/${k8s#v}-$os-$arch"
  local minor="${k8s#v1.}"
  minor="${minor%%.*}"
  local version_flags=""
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    version_flags+=" -X $pkg.gitVersion=$k8s -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
  done
  local stamp="kubernetes $k8s etcd $etcd $os/$arch $(digest "$here"/kubernetes/go.sum "$here"/etcd/go.sum "$here"/kubernetes/*/main.go "$here"/etcd/main.go)"
  build_into "$dir" "$stamp" kubernetes \
    kube-apiserver ./kube-apiserver "$version_flags" \
    kubectl ./kubectl "$version_flags"
  # etcd lives in its own module (its dependencies differ from Kubernetes'); same folder, same stamp.
  if [[ ! -x "$dir/etcd" || "$(cat "$dir/.hookgate-etcd" 2>/dev/null)" != "$stamp" ]]; then
    local started=$SECONDS
    (cd "$here/etcd" && go build -trimpath -ldflags "-s -w" -o "$dir/etcd.tmp" .)
    mv -f "$dir/etcd.tmp" "$dir/etcd"
    echo "$stamp" >"$dir/.hookgate-etcd"
    echo "kube-binaries:   etcd built in $((SECONDS - started))s"
  fi
}

build_helm() {
  local helm
  helm="$(required helm helm.sh/helm/v3)"
  local dir="$base/tools/helm-${helm#v}"
  local stamp="helm $helm $os/$arch $(digest "$here"/helm/go.sum)"
  build_into "$dir" "$stamp" helm \
    helm helm.sh/helm/v3/cmd/helm "-X helm.sh/helm/v3/internal/version.version=$helm -X helm.sh/helm/v3/internal/version.gitTreeState=clean"
}

case "$target" in
  kube) build_kube ;;
  helm) build_helm ;;
  all) build_kube; build_helm ;;
  *) echo "usage: $0 [kube|helm|all]" >&2; exit 2 ;;
esac
