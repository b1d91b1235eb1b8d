#!/usr/bin/env bash
# Reproduces models/shelf-detector.onnx: generates the synthetic data (fixed seeds) with the TS generator,
# trains on CPU (2 threads, fixed seeds) and exports ONNX + labels.json. Run from anywhere:
#   models/train/train.sh            # full recipe (about 7 min of data generation + 15-30 min of training on 2 cores)
#   EPOCHS=1 TRAIN_1280=64 TRAIN_1080=16 VAL=16 models/train/train.sh   # smoke run
# Requires: Debian python3-torch python3-numpy python3-pil (used through /usr/bin/python3), Node 20 + pnpm install.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
DATA="$(realpath -m "${DATA:-$HERE/data}")"
RUN="$(realpath -m "${RUN:-$HERE/runs/final}")"
TRAIN_1280="${TRAIN_1280:-1800}"   # scenes at 1280x960, seeds 1000000..
TRAIN_1080="${TRAIN_1080:-600}"    # scenes at 1920x1080, seeds 2000000..
VAL="${VAL:-200}"                  # held-out scenes at 1280x960, seeds 9000000..
EPOCHS="${EPOCHS:-3}"
IMGSZ="${IMGSZ:-416}"
THREADS="${THREADS:-2}"
PY=/usr/bin/python3

gen() { # <dir> <count> <seed> <size>
  if [ -f "$1/scenes.jsonl" ] && [ "$(wc -l < "$1/scenes.jsonl")" -eq "$2" ]; then
    echo "data: $1 already has $2 scenes"; return
  fi
  rm -rf "$1"
  (cd "$ROOT/packages/synthetic-shelf" && node --conditions=@shelfstream/source --import tsx src/cli.ts \
    --out "$1" --count "$2" --seed "$3" --size "$4")
}

gen "$DATA/train-1280x960" "$TRAIN_1280" 1000000 1280x960
gen "$DATA/train-1920x1080" "$TRAIN_1080" 2000000 1920x1080
gen "$DATA/val-1280x960" "$VAL" 9000000 1280x960
NC="$(wc -l < "$DATA/train-1280x960/classes.txt")"

cd "$HERE"
$PY train.py --train "$DATA/train-1280x960" "$DATA/train-1920x1080" --val "$DATA/val-1280x960" \
  --out "$RUN" --nc "$NC" --imgsz "$IMGSZ" --epochs "$EPOCHS" --threads "$THREADS" --seed 0 --eval-every "${EVAL_EVERY:-0}"

cp "$RUN/shelf-detector.onnx" "$ROOT/models/shelf-detector.onnx"
(cd "$ROOT/packages/synthetic-shelf" && node --conditions=@shelfstream/source --import tsx src/labels-cli.ts \
  "$ROOT/models/labels.json")
echo "wrote $ROOT/models/shelf-detector.onnx ($(stat -c %s "$ROOT/models/shelf-detector.onnx") bytes) and labels.json"
echo "evaluate with: pnpm --filter @shelfstream/detector eval"
