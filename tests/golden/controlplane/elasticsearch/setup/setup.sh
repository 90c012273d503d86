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
es PUT /_snapshot/s3-snapshots repository.json
es PUT /_slm/policy/nightly slm.json
kb POST /api/data_views/data_view dataview.json
kb POST /api/data_views/data_view dataview-team-orders.json
echo "setup complete"
