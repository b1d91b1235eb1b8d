#!/usr/bin/env bash
# The production image's layout, checked without Docker: reproduces the Dockerfile's build and prod stages in a
# temporary folder and runs what the image runs there, with NODE_ENV=production, from dist/ only (no tsx, no
# @shelfstream/source condition, no src/ or test/ folders, production node_modules only):
#   build     the build context (.dockerignore applied), pnpm install --frozen-lockfile, pnpm run build
#   prod      pnpm install --frozen-lockfile --prod, the Dockerfile's `find ... -exec rm -rf`, and only what the
#             runtime stage COPYs (read from the Dockerfile)
#   --help    of every service entry point (each tier and role)
#   hooks     the chart's hook Jobs' commands (helm/shelfstream/values.yaml hooks.jobs: db migrate, topics and
#             schemas), for real, in topic namespace prod-layout
#   run       the model server and the edge tier until /readyz answers 200; one infer request through the model
#             server's worker thread, one fallback record through the edge tier's worker thread (the probe in
#             services/inference/test/smoke/edge-probe.ts, run from source)
# Needs the local stack (Kafka, registry, PostgreSQL) for hooks and run: .ci/run calls it while its stack is up; by
# hand, `pnpm -s stack:up` first (STACK_PORT_OFFSET etc. are honoured through `stack env`).
#   bash deploy/validate/prod-layout.sh              builds HEAD (committed files only)
#   bash deploy/validate/prod-layout.sh --worktree   builds the working tree (tracked and untracked, not ignored)
# One line per check; logs only on failure. Exits non-zero if any check fails. The temporary folder is removed
# (KEEP_LAYOUT=1 keeps it, with every log under logs/).
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
NAMESPACE=prod-layout
STARTED=$SECONDS

source_mode=head
case "${1:-}" in
  --worktree) source_mode=worktree ;;
  "") ;;
  *) echo "usage: $0 [--worktree]" >&2; exit 2 ;;
esac

WORK="$(mktemp -d "${TMPDIR:-/tmp}/shelfstream-prod-layout.XXXXXX")"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
  if [ -n "${KEEP_LAYOUT:-}" ]; then echo "...  kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
# Runs a command quietly, its output in $WORK/logs/<slug>.log: "ok   <label>" or "FAIL <label>" and the log's tail.
check() {
  local label="$1"
  shift
  local log
  log="$WORK/logs/$(printf '%s' "$label" | tr -c 'a-zA-Z0-9' '-').log"
  if "$@" >"$log" 2>&1; then
    echo "ok   $label"
  else
    fail "$label"
    tail -40 "$log" | sed 's/^/  /'
  fi
}
finish() {
  echo "...  $((SECONDS - STARTED)) s"
  if [ "$failures" -gt 0 ]; then
    echo "$failures check(s) failed"
    exit 1
  fi
  echo "production layout checks passed"
  exit 0
}
mkdir -p "$WORK/logs" "$WORK/build" "$WORK/blobs"

# ---------------------------------------------------------------- the stack this needs
# `stack env` prints KAFKA_BROKERS, SCHEMA_REGISTRY_URL, DATABASE_URL and S3_* for the running stack.
if ! (cd "$ROOT" && pnpm -s stack:status >/dev/null 2>&1); then
  fail "the local stack is not up (run: pnpm -s stack:up)"
  finish
fi
STACK_ENV="$(cd "$ROOT" && pnpm -s exec tsx --conditions=@shelfstream/source packages/stack/src/cli.ts env)" ||
  { fail "pnpm stack env"; finish; }

# ---------------------------------------------------------------- build stage
# The build context: the sources without what .dockerignore keeps out.
copy_sources() {
  if [ "$source_mode" = head ]; then
    git -C "$ROOT" archive --format=tar HEAD | tar -x -C "$WORK/build"
  else
    (cd "$ROOT" && git ls-files -z --cached --others --exclude-standard |
      while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
      tar --null -T - -cf -) | tar -x -C "$WORK/build"
  fi
  local pattern
  while IFS= read -r pattern; do
    pattern="${pattern%%#*}"
    pattern="${pattern%"${pattern##*[![:space:]]}"}"
    [ -z "$pattern" ] && continue
    if [[ "$pattern" == '**/'* ]]; then
      find "$WORK/build" -name "${pattern#\*\*/}" -prune -exec rm -rf {} +
    else
      (cd "$WORK/build" && shopt -s dotglob nullglob && for p in $pattern; do rm -rf "$p"; done)
    fi
  done <"$ROOT/.dockerignore"
}
check "build context ($source_mode, .dockerignore applied)" copy_sources
cd "$WORK/build" || exit 1
export CI=true
check "pnpm install --frozen-lockfile" pnpm install --frozen-lockfile --prefer-offline
check "pnpm run build" pnpm run build
[ "$failures" -eq 0 ] || finish

# ---------------------------------------------------------------- prod stage
# The same removal as the Dockerfile's prod stage; fail loudly if the Dockerfile's changed so this would drift.
PROD_FIND="find packages services apps -mindepth 2 -maxdepth 2 \\( -name src -o -name test -o -name '*.tsbuildinfo' \\)"
prod_stage() {
  grep -qF -- "$PROD_FIND" "$ROOT/Dockerfile" || {
    echo "the Dockerfile's prod stage no longer runs: $PROD_FIND; update prod-layout.sh"
    return 1
  }
  pnpm install --frozen-lockfile --prod --prefer-offline &&
    find packages services apps -mindepth 2 -maxdepth 2 \( -name src -o -name test -o -name '*.tsbuildinfo' \) \
      -exec rm -rf {} + &&
    rm -rf test deploy/validate helm .ci
}
check "pnpm install --prod, sources and tests removed (Dockerfile prod stage)" prod_stage
# The runtime stage: only what the Dockerfile COPYs from the prod stage.
runtime_stage() {
  local paths
  paths="$(awk '$1 == "COPY" && $2 == "--from=prod" { for (i = 3; i < NF; i++) if ($i ~ /^\/app\//) print substr($i, 6) }' \
    "$ROOT/Dockerfile" | tr '\n' ' ')"
  [ -n "$paths" ] || { echo "no COPY --from=prod lines in the Dockerfile"; return 1; }
  mkdir -p "$WORK/app"
  local p
  for p in $paths; do mv "$WORK/build/$p" "$WORK/app/" || return 1; done
  echo "runtime holds: $paths"
}
check "runtime stage (the Dockerfile's COPY --from=prod paths only)" runtime_stage
cd "$WORK/app" || exit 1
rm -rf "$WORK/build"
[ "$failures" -eq 0 ] || finish

# ---------------------------------------------------------------- the image's commands
# The container's environment: the Dockerfile's ENV and the stack's endpoints, nothing of this shell's Node
# settings. `"${in_image[@]}" cmd...` runs cmd in it.
in_image=(env -i PATH="$PATH" HOME="$HOME" NODE_ENV=production UV_THREADPOOL_SIZE=4 LOG_LEVEL=warn
  KAFKA_TOPIC_NAMESPACE="$NAMESPACE" BLOB_STORE_URL="file://$WORK/blobs"
  bash -c "$STACK_ENV"$'\n''exec "$@"' in-image)
for cmd in "ingestion" "preprocessing" "inference --tier remote" "inference --tier edge" \
  "inference --tier heuristic" "model-server" "scoring --role scorer" "scoring --role state-tracker"; do
  read -r svc args <<<"$cmd"
  # shellcheck disable=SC2086
  check "node services/$svc/dist/main.js ${args:+$args }--help" "${in_image[@]}" node "services/$svc/dist/main.js" $args --help
done

# The hook Jobs' commands, as the chart runs them (values.yaml hooks.jobs[].command).
hooks="$(sed -n 's/^ *command: \[\(node, .*\)\]$/\1/p' "$ROOT/helm/shelfstream/values.yaml" | tr -d ',')"
[ -n "$hooks" ] || fail "no hook commands found in helm/shelfstream/values.yaml"
while read -r -a argv; do
  [ "${#argv[@]}" -gt 0 ] && check "hook: ${argv[*]}" "${in_image[@]}" "${argv[@]}"
done <<<"$hooks"

# ---------------------------------------------------------------- long-running: model server, edge tier
# Starts a service on a free port (HTTP_PORT=0); its log is $WORK/logs/<name>.out. exec, so that $! is the node
# process itself and the trap's kill reaches it (a leftover tier would keep consuming in the group).
start() {
  local name="$1"
  shift
  # LOG_LEVEL info: the "listening" line carries the address
  exec "${in_image[@]}" env HTTP_PORT=0 LOG_LEVEL=info "$@" >"$WORK/logs/$name.out" 2>&1 &
  pids+=("$!")
}
# The address a service logged it listens on ("address":"http://127.0.0.1:<port>"), once it has.
address_of() {
  grep -o '"address":"http://[^"]*"' "$WORK/logs/$1.out" 2>/dev/null | tail -1 | cut -d'"' -f4
}
# Waits until GET <service address><path> answers 200 (60 s).
wait_ready() {
  local name="$1" path="$2" url=""
  for _ in $(seq 1 120); do
    url="$(address_of "$name")"
    if [ -n "$url" ] && curl -fsS -o /dev/null "$url$path"; then
      echo "$url$path"
      return 0
    fi
    sleep 0.5
  done
  echo "no 200 from ${url:-$name}$path within 60 s"
  cat "$WORK/logs/$name.out"
  return 1
}
start model-server node services/model-server/dist/main.js
# A low-confidence answer would be forwarded to the heuristic tier: the probe wants the edge tier's own detections.
start inference-edge env MIN_MEAN_CONFIDENCE=0 node services/inference/dist/main.js --tier edge
check "model server from dist: /readyz (model loaded in its worker thread)" wait_ready model-server /readyz
infer() {
  local url
  url="$(address_of model-server)"
  node -e '
    const [url] = process.argv.slice(1);
    const shape = [1, 3, 416, 416];
    const body = { inputs: [{ name: "images", shape, datatype: "FP32", data: new Array(3 * 416 * 416).fill(0.5) }] };
    fetch(`${url}/v2/models/shelf-detector/infer`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
      .then(async (r) => { const j = await r.json(); console.log(r.status, JSON.stringify(j.outputs?.map((o) => o.shape))); process.exit(r.ok ? 0 : 1); },
            (e) => { console.error(e); process.exit(1); });' "$url"
}
check "model server from dist: one infer request" infer
check "edge tier from dist: /readyz (Kafka, registry, worker thread)" wait_ready inference-edge /readyz
probe() {
  (cd "$ROOT" && env PROBE_BLOB_DIR="$WORK/blobs" KAFKA_TOPIC_NAMESPACE="$NAMESPACE" \
    bash -c "$STACK_ENV"$'\n''exec "$@"' probe \
    node --conditions=@shelfstream/source --import tsx services/inference/test/smoke/edge-probe.ts) ||
    { echo "--- edge tier log"; tail -20 "$WORK/logs/inference-edge.out"; return 1; }
}
check "edge tier from dist: one fallback record answered by its worker thread" probe
finish
