#!/usr/bin/env bash
# Adds two environments to the project at $1 the way README.md's "Adding an environment" says, so the
# suite can be run over stacks other than the sample ones (tests/variants/run.sh):
#   staging: a copy of the development-profile environment that pages through the on-call stack;
#   qa:      a copy of the production-profile environment with a 50Gi Prometheus volume and 5 Kafka brokers.
# Both are appended to the controlplane's observability:environments and to the on-call stack's services;
# the controlplane gets the Elasticsearch nodes its compile asks for with the larger fleet (the fix its
# error names, applied as a user would; needs a built compiler: INFRA_DLL or infra/bin/Debug/net10.0).
# Needs yq (the jq wrapper, https://github.com/kislyuk/yq). Comments of the edited stack files are lost.
set -euo pipefail
root=${1:?usage: add-environments.sh <project root>}
stacks="$root/stacks"
dev=$(grep -l 'observability:profile: development' "$stacks"/Pulumi.*.yaml | xargs grep -l 'observability:role: environment' | head -1)
prod=$(grep -L 'observability:profile: development' "$stacks"/Pulumi.*.yaml | xargs grep -l 'observability:role: environment' | head -1)
controlplane=$(grep -l 'observability:role: controlplane' "$stacks"/Pulumi.*.yaml | head -1)
oncall=$(grep -l 'observability:role: oncall' "$stacks"/Pulumi.*.yaml | head -1)
oncall_name=$(basename "$oncall" .yaml); oncall_name=${oncall_name#Pulumi.}

edit() { # file, jq filter
  yq -y "$2" "$1" > "$1.tmp" && mv "$1.tmp" "$1"
}

identity() { # name -> jq filter setting the stack's identity
  local n=$1
  echo ".config[\"observability:kubeContext\"] = \"$n-eu-west-1\"
    | .config[\"observability:environment\"] = \"$n\"
    | .config[\"observability:cluster\"] = \"$n-eu-west-1\"
    | .config[\"observability:kafkaExternalHost\"] = \"kafka.$n-eu-west-1.example.com\"
    | .config[\"observability:federationHost\"] = \"prometheus.$n-eu-west-1.example.com\"
    | .config[\"observability:slackChannel\"] = \"#alerts-$n\""
}

cp "$dev" "$stacks/Pulumi.staging.yaml"
edit "$stacks/Pulumi.staging.yaml" "$(identity staging) | .config[\"observability:pagerDutyOnCallStack\"] = \"$oncall_name\" | .config[\"observability:pagerDutyEnabled\"] = true"

cp "$prod" "$stacks/Pulumi.qa.yaml"
edit "$stacks/Pulumi.qa.yaml" "$(identity qa) | .config[\"observability:profile\"] = \"production\"
  | .config[\"observability:prometheusStorageSize\"] = \"50Gi\" | .config[\"observability:kafkaBrokers\"] = 5"

# The controlplane and on-call stack files are edited as text, so their comments and quoting stay.
append_to_block() { # file, header line (exact), lines to append at the end of that block
  awk -v header="$2" -v add="$3" '
    function indent(s) { match(s, /^ */); return RLENGTH }
    inblock && $0 !~ /^[[:space:]]*$/ && indent($0) <= depth { print add; inblock = 0; done = 1 }
    { print }
    $0 == header { inblock = 1; depth = indent($0) }
    END { if (inblock) print add; else if (!done) exit 1 }
  ' "$1" > "$1.tmp" && mv "$1.tmp" "$1"
}
policy=$(yq -r '.config["observability:onCall"].escalationPolicies[0].name' "$oncall")
append_to_block "$controlplane" '  observability:environments:' $'    - staging\n    - qa'
append_to_block "$oncall" '    services:' "      - {environment: staging, escalationPolicy: $policy}"$'\n'"      - {environment: qa, escalationPolicy: $policy}"

# A larger fleet needs more Elasticsearch data nodes: do what the controlplane's compile error says.
here=$(cd "$(dirname "$0")/../.." && pwd)
dll=${INFRA_DLL:-$here/infra/bin/Debug/net10.0/Infra.dll}
cp_name=$(basename "$controlplane" .yaml); cp_name=${cp_name#Pulumi.}
for _ in 1 2 3; do
  nodes=$(cd "$root" && dotnet "$dll" preview --stack "$cp_name" 2>&1 >/dev/null \
    | grep -o 'pulumi config set observability:elasticsearchNodes [0-9]*' | head -1 | awk '{print $NF}' || true)
  [ -n "$nodes" ] || break
  if grep -q '^  observability:elasticsearchNodes:' "$controlplane"; then
    sed -i "s/^  observability:elasticsearchNodes:.*/  observability:elasticsearchNodes: $nodes/" "$controlplane"
  else
    printf '  observability:elasticsearchNodes: %s\n' "$nodes" >> "$controlplane"
  fi
done
