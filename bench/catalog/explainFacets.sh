#!/usr/bin/env bash
# Times the catalog page's three-facet call (type, lifecycle, tags of kind=component; the SQL
# Backstage 1.55's DefaultEntitiesCatalog.facets runs) under EXPLAIN ANALYZE on a catalog that
# `run.sh --keep` left on PostgreSQL: as kept, after VACUUM (what autovacuum would have done;
# this machine's server runs without it), and with a partial index on stitched entities.
#   bash bench/catalog/explainFacets.sh catbench_<pid>_pg_ours   [--with-index]
# VACUUM changes only the kept database; --with-index creates final_entities_stitched_idx in it.
set -euo pipefail
instance="${1:?usage: explainFacets.sh <kept instance, e.g. catbench_123_pg_ours> [--with-index]}"
[[ "$instance" =~ ^catbench_[0-9]+_(pg)_(ours|stock)$ ]] || { echo "not a kept bench instance: $instance" >&2; exit 1; }
url="${PORTAL_BENCH_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432}"
db="${url%/}/${instance}_catalog"
facets() {
  for run in 1 2 3; do
    psql "$db" -X -q -At -c "EXPLAIN (ANALYZE, BUFFERS)
      SELECT search.key AS facet, search.original_value AS value, count(*) FROM search
      INNER JOIN (SELECT final_entities.entity_id FROM final_entities
                  WHERE final_entities.final_entity IS NOT NULL
                    AND final_entities.entity_id IN (SELECT entity_id FROM search WHERE key = 'kind' AND value = 'component')
                 ) filtered_entities ON search.entity_id = filtered_entities.entity_id
      WHERE search.key IN ('spec.type', 'spec.lifecycle', 'metadata.tags') AND search.original_value IS NOT NULL
      GROUP BY search.key, search.original_value ORDER BY search.key, search.original_value" |
      grep -E 'Execution Time' | sed "s/^/  $1, run $run: /"
  done
}
echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
facets "as kept"
psql "$db" -X -q -c 'VACUUM (ANALYZE) search' -c 'VACUUM (ANALYZE) final_entities'
facets "after VACUUM"
if [[ "${2:-}" == "--with-index" ]]; then
  psql "$db" -X -q -c 'CREATE INDEX IF NOT EXISTS final_entities_stitched_idx ON final_entities (entity_id) WHERE final_entity IS NOT NULL' -c 'VACUUM (ANALYZE) final_entities'
  facets "with the partial index"
fi
