#!/usr/bin/env bash
# The command Pulumi.yaml names as the YAML runtime's compiler. Pulumi runs it in the project folder,
# several times per operation, and reads the program from stdout, so:
#   - stdout carries only the program; build output goes to stderr;
#   - the compiler is published once (ReadyToRun, for a fast start) into infra/.publish and rebuilt
#     only when a source file is newer than the published binary;
#   - concurrent calls wait for one build (flock).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
out="$here/.publish"
dll="$out/Infra.dll"

stale() {
  [ ! -f "$dll" ] && return 0
  # Any source, project or build-settings file newer than the binary means a rebuild.
  [ -n "$(find "$here" "$root/Directory.Build.props" "$root/Directory.Packages.props" \
      \( -path "$out" -o -path "$here/bin" -o -path "$here/obj" \) -prune -o \
      -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' \) -newer "$dll" -print -quit)" ]
}

if stale; then
  exec 9>"$here/.publish.lock"
  flock 9
  if stale; then
    echo "pulumi-compiler: building the compiler (first use or sources changed)..." >&2
    dotnet publish "$here/Infra.csproj" -c Release --use-current-runtime --self-contained false \
      -p:PublishReadyToRun=true -o "$out" --nologo -v quiet 1>&2
    touch "$dll"
  fi
  exec 9>&-
fi

exec dotnet "$dll" compile
