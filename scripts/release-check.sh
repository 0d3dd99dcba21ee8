#!/usr/bin/env bash
# Checks .goreleaser.yml and builds a snapshot release into dist/, signed as
# a release is, by the `signs:` block, but with a throwaway GPG key made for
# the check (no passphrase, in a temporary GNUPGHOME removed afterwards);
# then verifies the signature. Nothing is published.
#   scripts/release-check.sh          every OS/arch zip, the manifest,
#                                     SHA256SUMS and its signature
#                                     (`make release-check`)
#   scripts/release-check.sh host     the same release restricted to this
#                                     machine's OS/arch (`make test`)
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v gpg >/dev/null 2>&1; then
  echo "release-check: gpg not found; it signs the checksums as a release does. Install GnuPG (Debian/Ubuntu: apt-get install gnupg; macOS: brew install gnupg)" >&2
  exit 1
fi
goreleaser=$(scripts/tool.sh goreleaser)
"$goreleaser" check

# A short path: gpg-agent puts its socket in GNUPGHOME.
tmp=$(mktemp -d /tmp/layeron-release-check.XXXXXX)
export GNUPGHOME="$tmp/gnupg"
cleanup() {
  gpgconf --kill all >/dev/null 2>&1 || true
  rm -rf "$tmp"
  rm -f dist.log
}
trap cleanup EXIT
mkdir -m 700 "$GNUPGHOME"

config=.goreleaser.yml
if [ "${1:-}" = host ]; then
  # Cross-compiling the twelve other targets is most of the cost of a
  # release, so build only the host's; the archive, checksum, signing and
  # manifest steps still run on the real configuration otherwise.
  goos=$(go env GOOS) goarch=$(go env GOARCH)
  config="$tmp/goreleaser.yml"
  sed -e "s/^    goos: \[.*\]$/    goos: [$goos]/" -e "s/^    goarch: \[.*\]$/    goarch: [\"$goarch\"]/" .goreleaser.yml >"$config"
  # Fail rather than fall back to the full build if the lines were reshaped.
  if [ "$(grep -cxE "    (goos: \[$goos\]|goarch: \[\"$goarch\"\])" "$config")" -ne 2 ]; then
    echo "release-check: cannot restrict the builds' goos/goarch lines in .goreleaser.yml to $goos/$goarch" >&2
    exit 1
  fi
fi

# The throwaway key: RSA, as the Terraform Registry requires of a real one.
gpg --batch --quiet --pinentry-mode loopback --passphrase '' \
  --quick-gen-key 'Layeron release check, throwaway <release-check@layeron.invalid>' rsa3072 sign 1d 2>"$tmp/gpg.log" ||
  { cat "$tmp/gpg.log"; echo "release-check: could not make the throwaway GPG key" >&2; exit 1; }
GPG_FINGERPRINT=$(gpg --batch --with-colons --list-secret-keys 2>>"$tmp/gpg.log" | awk -F: '$1 == "fpr" { print $10; exit }')
export GPG_FINGERPRINT

"$goreleaser" release --config "$config" --snapshot --clean --skip=publish >dist.log 2>&1 || { cat dist.log; exit 1; }

sums=$(find dist -maxdepth 1 -name '*_SHA256SUMS')
if [ "$(echo "$sums" | grep -c .)" -ne 1 ] || ! grep -q '_manifest\.json$' "$sums"; then
  echo "the snapshot has no single SHA256SUMS listing the registry manifest" >&2
  exit 1
fi
# The registry takes a binary detached signature of SHA256SUMS, named so.
sig="$sums.sig"
if [ ! -s "$sig" ]; then
  echo "the snapshot has no signature $sig: check the signs: block of .goreleaser.yml" >&2
  exit 1
fi
if head -c 5 "$sig" | grep -aq '^-----'; then
  echo "$sig is ASCII-armored; the registry needs a binary signature (gpg --detach-sign without --armor)" >&2
  exit 1
fi
if ! gpg --batch --status-fd 3 --verify "$sig" "$sums" 3>"$tmp/status" 2>"$tmp/verify.log" ||
  ! grep -q "^\[GNUPG:\] VALIDSIG $GPG_FINGERPRINT " "$tmp/status"; then
  cat "$tmp/verify.log"
  echo "the signature $sig does not verify $sums with the throwaway key $GPG_FINGERPRINT" >&2
  exit 1
fi
verified="$(basename "$sig") verified: $(grep -o 'Good signature from .*' "$tmp/verify.log"), key $GPG_FINGERPRINT"

zips=$(find dist -maxdepth 1 -name '*.zip' | wc -l)
if [ "${1:-}" = host ]; then
  zip=$(find dist -maxdepth 1 -name "*_${goos}_${goarch}.zip")
  binary=$(find dist -mindepth 2 -maxdepth 2 -path "dist/*_${goos}_${goarch}*/terraform-provider-layeron_v*" -type f)
  cli=$(find dist -mindepth 2 -maxdepth 2 -path "dist/cli_${goos}_${goarch}*/layeron" -type f)
  if [ "$zips" -ne 1 ] || [ -z "$zip" ] || [ -z "$binary" ] || [ -z "$cli" ] || ! grep -q " $(basename "$zip")\$" "$sums"; then
    echo "the snapshot is incomplete: $zips archives, expected the $goos/$goarch provider and CLI binaries and their zip, listed in SHA256SUMS" >&2
    exit 1
  fi
  echo "$verified"
  echo "Snapshot release for $goos/$goarch: $(basename "$zip"), SHA256SUMS with the registry manifest, and its signature, in dist/"
  exit 0
fi
if [ "$zips" -lt 10 ]; then
  echo "the snapshot is incomplete: $zips archives" >&2
  exit 1
fi
echo "$verified"
echo "Snapshot release: $zips archives, SHA256SUMS with the registry manifest, and its signature, in dist/"
