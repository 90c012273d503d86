#!/usr/bin/env bash
# The suite over stacks other than the samples: copies this checkout to a temporary folder, adds the
# variants of add-environments.sh there (a development copy that pages, a production copy with other sizes,
# both appended to the controlplane), follows README.md's "Adding an environment" (the golden update of the
# generated files), then runs the tests with this checkout's test binaries over the copy
# (OBSERVABILITY_REPO_ROOT). Build first (dotnet build Infra.sln). Extra arguments go to dotnet test,
# e.g. --filter "Speed!=Slow". Exits with dotnet test's status; keeps the copy with KEEP=1. INFRA_TESTS may
# name another build of the tests (a folder's Infra.Tests.dll), e.g. one built with -o.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
copy=$(mktemp -d "${TMPDIR:-/tmp}/infra-variants-XXXXXX")
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$copy"' EXIT
(cd "$here" && git ls-files -co --exclude-standard | tar -cf - -T -) | tar -xf - -C "$copy"
bash "$here/tests/variants/add-environments.sh" "$copy"
export OBSERVABILITY_REPO_ROOT=$copy
export OBSERVABILITY_SHARED_DIR=${OBSERVABILITY_SHARED_DIR:-$here/../shared}
cd "$here"
tests=${INFRA_TESTS:-tests/Infra.Tests}
[ "$tests" = tests/Infra.Tests ] && build=(--no-build) || build=()
UPDATE_GOLDEN=1 dotnet test "$tests" "${build[@]}" --filter "Output=Golden" >/dev/null
echo "variants in $copy; golden files and generated docs updated there; running the suite" >&2
dotnet test "$tests" "${build[@]}" "$@"
