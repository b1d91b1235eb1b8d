#!/usr/bin/env bash
# Offline validation of everything shelfstream ships for operators, short of applying it to a cluster:
#   Helm chart  helm lint --strict + helm template (default and production values) with real Helm
#               (helm-java from Maven Central), every rendered object checked against the pinned
#               Kubernetes/KEDA/Prometheus-Operator JSON schemas, for unknown fields, and for the
#               chart's operating policy
#   Prometheus  promtool check rules / test rules / check config
#   Metrics     every metric the rules and dashboard use is exported (exported-metrics.txt)
#   Compose     deploy/docker-compose.yml against the Compose Specification schema
#   Service env every env var the rendered Deployments and compose services set is defined by the service
#               they run (services/<svc>/src/config.ts + shared settings), and HTTP_HOST is 0.0.0.0 or ::
# Installs what it needs (idempotent; apt-get only when promtool is missing). One line per check;
# details only on failure. Exits non-zero if any check fails.
#   bash deploy/validate/run.sh            (from anywhere)
#   KEEP_RENDERED=1 bash deploy/validate/run.sh   keeps the rendered manifests and prints where
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
DEPLOY="$ROOT/deploy"
CHART="$ROOT/helm/shelfstream"
# Rendered with the Kubernetes version whose schemas are pinned (kubernetes-models 5.1.0).
KUBE_VERSION="1.36.0"
NODE_CHECK=(node --import tsx)

failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

# Runs a command quietly: prints "ok   <label>" or "FAIL <label>" followed by its output.
check() {
  local label="$1"
  shift
  local out
  if out="$("$@" 2>&1)"; then
    echo "ok   $label"
  else
    fail "$label"
    printf '%s\n' "$out" | sed 's/^/  /' | head -60
  fi
}

# Runs a command that prints its own ok/FAIL lines; counts a non-zero exit as a failure.
run_own() {
  if ! "$@"; then failures=$((failures + 1)); fi
}

# ---------------------------------------------------------------- tools (idempotent)
if ! command -v promtool >/dev/null 2>&1; then
  echo "...  installing promtool (Debian package prometheus)"
  if ! { apt-get update -qq && apt-get -o DPkg::Lock::Timeout=300 install -y -qq prometheus; } >/tmp/shelfstream-apt.log 2>&1; then
    fail "apt-get install prometheus (see /tmp/shelfstream-apt.log)"
  fi
fi
for tool in java mvn node pnpm promtool; do
  command -v "$tool" >/dev/null 2>&1 || fail "required tool missing: $tool"
done
[ "$failures" -eq 0 ] || { echo "$failures check(s) failed"; exit 1; }

if ! (cd "$HERE" && pnpm install --ignore-workspace --frozen-lockfile --silent >/tmp/shelfstream-validate-pnpm.log 2>&1); then
  fail "pnpm install in deploy/validate (see /tmp/shelfstream-validate-pnpm.log)"
  exit 1
fi

CLASSPATH_FILE="$HERE/target/classpath.txt"
if [ ! -s "$CLASSPATH_FILE" ] || [ "$HERE/pom.xml" -nt "$CLASSPATH_FILE" ]; then
  mkdir -p "$HERE/target"
  if ! mvn -q -f "$HERE/pom.xml" dependency:build-classpath -Dmdep.outputFile="$CLASSPATH_FILE" \
    >/tmp/shelfstream-validate-mvn.log 2>&1; then
    fail "mvn dependency:build-classpath (see /tmp/shelfstream-validate-mvn.log)"
    exit 1
  fi
fi

OUT="$(mktemp -d "${TMPDIR:-/tmp}/shelfstream-rendered.XXXXXX")"
if [ -n "${KEEP_RENDERED:-}" ]; then
  echo "...  rendered manifests kept in $OUT"
else
  trap 'rm -rf "$OUT"' EXIT
fi

# ---------------------------------------------------------------- chart copies of rules and dashboard
# The chart can only read files inside itself: it carries copies of the canonical files in deploy/.
sync_check() {
  local canonical="$1" copy="$2"
  if ! cmp -s "$canonical" "$copy"; then
    echo "$copy differs from $canonical; refresh it with: cp $canonical $copy"
    return 1
  fi
}
check "chart copies of rules and dashboard match deploy/" bash -c "
  $(declare -f sync_check)
  sync_check '$DEPLOY/prometheus/rules/shelfstream-rules.yaml' '$CHART/files/prometheus/shelfstream-rules.yaml' &&
  sync_check '$DEPLOY/grafana/dashboards/shelfstream-overview.json' '$CHART/files/grafana/shelfstream-overview.json'"

# ---------------------------------------------------------------- Helm: lint + template, then schemas
run_own java -cp "$(cat "$CLASSPATH_FILE")" "$HERE/HelmCheck.java" "$CHART" "$OUT" "$KUBE_VERSION" \
  default "production=$CHART/values-production.yaml"
rendered=()
for f in "$OUT/default.yaml" "$OUT/production.yaml"; do [ -s "$f" ] && rendered+=("$f"); done
if [ "${#rendered[@]}" -gt 0 ]; then
  run_own bash -c "cd '$HERE' && ${NODE_CHECK[*]} src/check-manifests.ts ${rendered[*]}"
  # every env var a Deployment or compose service sets is one its service's config defines; HTTP_HOST reachable
  run_own bash -c "cd '$HERE' && ${NODE_CHECK[*]} src/check-service-env.ts --compose ../docker-compose.yml ${rendered[*]}"
else
  fail "no rendered manifests to validate"
fi

# ---------------------------------------------------------------- Prometheus
check "promtool check rules ($(promtool --version 2>&1 | head -1 | awk '{print $3}'))" \
  promtool check rules "$DEPLOY/prometheus/rules/shelfstream-rules.yaml"
check "promtool test rules (deploy/prometheus/tests)" \
  bash -c "cd '$DEPLOY/prometheus/tests' && promtool test rules *.test.yaml"
check "promtool check config (compose Prometheus)" \
  promtool check config --syntax-only "$DEPLOY/prometheus/prometheus.yml"

# ---------------------------------------------------------------- metric names
run_own bash -c "cd '$HERE' && ${NODE_CHECK[*]} src/check-metrics.ts --exported exported-metrics.txt \
  --rules ../prometheus/rules/shelfstream-rules.yaml --dashboard ../grafana/dashboards/shelfstream-overview.json"

# ---------------------------------------------------------------- Compose
run_own bash -c "cd '$HERE' && ${NODE_CHECK[*]} src/check-compose.ts ../docker-compose.yml"

# ---------------------------------------------------------------- the validator's own code
check "validator unit tests" bash -c "cd '$HERE' && node --import tsx --test src/*.test.ts"
check "validator typecheck" bash -c "cd '$HERE' && node_modules/.bin/tsc -p tsconfig.json"

if [ "$failures" -gt 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all deploy checks passed"
