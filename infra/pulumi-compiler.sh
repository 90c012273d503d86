#!/usr/bin/env bash
# The command Pulumi.yaml names as the YAML runtime's compiler. Pulumi runs it in the project folder,
# several times per operation, and reads the program from stdout, so:
#   - stdout carries only the program; build output goes to stderr;
#   - the compiler is published once into infra/.publish and rebuilt only when a source file is newer
#     than the last build;
#   - concurrent calls wait for one build (flock).
# The build is Native AOT where a C toolchain can link it (clang, else gcc: the .NET AOT compiler
# links with either), which starts ~5x faster than the JIT; otherwise, or if the AOT build fails,
# ReadyToRun run by `dotnet`. OBSERVABILITY_COMPILER_BUILD=readytorun forces the latter.
# docs/performance.md has the measurements.
set -euo pipefail
shopt -s globstar nullglob # for the staleness check

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
out="$here/.publish"
stamp="$out/.build-kind" # written last by a successful build; holds its kind (aot or readytorun)

wanted=aot
if [ "${OBSERVABILITY_COMPILER_BUILD:-}" = readytorun ] || { ! command -v clang >/dev/null && ! command -v gcc >/dev/null; }; then
  wanted=readytorun
fi

stale() {
  local built=""
  [ -f "$stamp" ] && read -r built <"$stamp"
  # ReadyToRun also does for AOT when the AOT build was tried and failed (until a source changes).
  case "$wanted:$built" in aot:aot | aot:readytorun-after-aot-failed | readytorun:readytorun) ;; *) return 0 ;; esac
  # Any source, project, build-settings or embedded file (schema, profiles) newer than the build means a rebuild. Globbing in bash
  # instead of running find saves a process start on every call (~6 ms); bin/, obj/ and .publish/ are skipped. The products'
  # promtool unit tests (Components/*/*.test.yaml) are test data, not built: editing one needs no rebuild.
  local dir file
  for file in "$root/Directory.Build.props" "$root/Directory.Packages.props" "$here"/*; do
    case "$file" in *.cs | *.csproj | *.props) [[ $file -nt $stamp ]] && return 0 ;; esac
  done
  for dir in "$here"/*/; do
    case "$dir" in "$here/bin/" | "$here/obj/") continue ;; esac
    for file in "$dir"**; do
      case "$file" in *.cs | *.csproj | *.props | *.schema.json | "$here"/Profiles/*.yaml) [[ $file -nt $stamp ]] && return 0 ;; esac
    done
  done
  return 1
}

# publish KIND: a fresh build of that kind into $out.new, moved into place only when complete.
publish() {
  local options=(-p:PublishReadyToRun=true --self-contained false)
  [ "$1" = aot ] && options=(-p:PublishAot=true)
  rm -rf "$out.new"
  dotnet publish "$here/Infra.csproj" -c Release --use-current-runtime "${options[@]}" \
    -o "$out.new" --nologo -v quiet 1>&2 || return 1
  rm -rf "$out" && mv "$out.new" "$out"
}

if stale; then
  exec 9>"$here/.publish.lock"
  flock 9
  if stale; then
    echo "pulumi-compiler: building the compiler ($wanted; first use or sources changed)..." >&2
    if [ "$wanted" = aot ]; then
      if publish aot; then
        echo aot >"$stamp"
      else
        echo "pulumi-compiler: the Native AOT build failed (output above); building ReadyToRun instead." >&2
        publish readytorun
        echo readytorun-after-aot-failed >"$stamp"
      fi
    else
      publish readytorun
      echo readytorun >"$stamp"
    fi
  fi
  exec 9>&-
fi

# A ReadyToRun build runs on the shared runtime; a native one (no Infra.dll) runs by itself.
if [ -f "$out/Infra.dll" ]; then
  exec dotnet "$out/Infra.dll" compile
fi
exec "$out/Infra" compile
