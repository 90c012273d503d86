-- De-dots Kubernetes label keys: "app.kubernetes.io/name" becomes "app_kubernetes_io/name",
-- so it can no longer clash with a plain "app" label once Elasticsearch maps the fields.
function dedot(tag, timestamp, record)
  local kubernetes = record["kubernetes"]
  if kubernetes == nil or kubernetes["labels"] == nil then
    return 0, timestamp, record
  end
  local labels = {}
  for key, value in pairs(kubernetes["labels"]) do
    labels[(string.gsub(key, "%.", "_"))] = value
  end
  kubernetes["labels"] = labels
  return 2, timestamp, record
end
