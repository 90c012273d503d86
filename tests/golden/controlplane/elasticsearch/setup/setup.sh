#!/bin/sh
# Applies index templates, lifecycle policies, the snapshot repository and schedule, and the
# Kibana data view. Every call is an idempotent PUT (or an overriding POST), so re-runs are safe.
set -eu
ES=https://logs-es-http.elastic.svc:9200
KB=https://kibana-kb-http.elastic.svc:5601
call() {
  ca="$1"; method="$2"; url="$3"; file="$4"; shift 4
  echo "$method $url"
  curl --fail-with-body -sS --retry 5 --retry-all-errors --cacert "$ca" -u "elastic:${ELASTIC_PASSWORD}" \
    -H 'Content-Type: application/json' "$@" -X "$method" "$url" --data-binary "@/setup/$file"
  echo
}
es() { call /es-ca/ca.crt "$1" "$ES$2" "$3"; }
kb() { call /kb-ca/ca.crt "$1" "$KB$2" "$3" -H 'kbn-xsrf: true'; }
until curl -fsS --cacert /es-ca/ca.crt -u "elastic:${ELASTIC_PASSWORD}" "$ES/_cluster/health?wait_for_status=yellow&timeout=30s" >/dev/null; do
  echo "waiting for Elasticsearch"; sleep 10
done
es PUT /_ilm/policy/logs-controlplane ilm-controlplane.json
es PUT /_index_template/logs-kubernetes-controlplane template-controlplane.json
es PUT /_ilm/policy/logs-development ilm-development.json
es PUT /_index_template/logs-kubernetes-development template-development.json
es PUT /_ilm/policy/logs-production ilm-production.json
es PUT /_index_template/logs-kubernetes-production template-production.json
es PUT /_ilm/policy/logs-team-orders-development ilm-team-orders-development.json
es PUT /_index_template/logs-team.orders-development template-team-orders-development.json
es PUT /_ilm/policy/logs-team-orders-production ilm-team-orders-production.json
es PUT /_index_template/logs-team.orders-production template-team-orders-production.json
es PUT /_index_template/logs-quarantine-controlplane template-quarantine.json
raw() {
  echo "$1 $2"
  curl --fail-with-body -sS --retry 5 --retry-all-errors --cacert /es-ca/ca.crt -u "elastic:${ELASTIC_PASSWORD}" \
    -H 'Content-Type: application/json' -X "$1" "$ES$2" --data-binary @-
  echo
}
repair() {
  stream="$1"; policy="$2"
  out=$(curl -sS --retry 5 --retry-all-errors --cacert /es-ca/ca.crt -u "elastic:${ELASTIC_PASSWORD}" -w ' %{http_code}' \
    "$ES/$stream/_settings/index.lifecycle.name?flat_settings=true")
  code=${out##* }
  body=${out% *}
  case "$code" in
    404) return 0 ;;
    200) ;;
    *) echo "GET /$stream/_settings: HTTP $code $body"; return 1 ;;
  esac
  indices=$(( $(printf '%s' "$body" | grep -o '"settings":' | wc -l) ))
  own=$(( $(printf '%s' "$body" | grep -oF "\"index.lifecycle.name\":\"$policy\"" | wc -l) ))
  [ "$indices" -eq "$own" ] && return 0
  echo "$stream: $((indices - own)) of $indices backing indices lack the lifecycle policy $policy (created before its template): setting it, rolling over"
  printf '{"index.lifecycle.name":"%s"}' "$policy" | raw PUT "/$stream/_settings"
  printf '' | raw POST "/$stream/_rollover"
}
repair logs-kubernetes-controlplane logs-controlplane
repair logs-fluentbit-controlplane logs-controlplane
repair logs-kubernetes-development logs-development
repair logs-fluentbit-development logs-development
repair logs-kubernetes-production logs-production
repair logs-fluentbit-production logs-production
repair logs-team.orders-development logs-team-orders-development
repair logs-team.orders-production logs-team-orders-production
repair logs-quarantine-controlplane logs-controlplane
es PUT /_snapshot/s3-snapshots repository.json
es PUT /_slm/policy/nightly slm.json
kb POST /api/data_views/data_view dataview.json
kb POST /api/data_views/data_view dataview-team-orders.json
echo "setup complete"
