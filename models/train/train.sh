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
TRAIN_1080="${TRAIN_1080:-600}"    # scenes at 1920x1080, seeds 2000000.. (trained on as preprocessing serves them)
PREPARED_1280="${PREPARED_1280:-900}" # of the 1280x960 scenes, also trained on as preprocessed
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

prep() { # <in> <out> <count>: the images as the preprocessing service serves them to inference (CLAHE, gray world)
  if [ -f "$2/scenes.jsonl" ] && [ "$(wc -l < "$2/scenes.jsonl")" -eq "$3" ]; then
    echo "data: $2 already has $3 scenes"; return
  fi
  rm -rf "$2"
  (cd "$ROOT/services/preprocessing" && node --conditions=@shelfstream/source --import tsx \
    scripts/prepare-training-folder.ts --in "$1" --out "$2" --limit "$3")
}

gen "$DATA/train-1280x960" "$TRAIN_1280" 1000000 1280x960
gen "$DATA/train-1920x1080" "$TRAIN_1080" 2000000 1920x1080
gen "$DATA/val-1280x960" "$VAL" 9000000 1280x960
# Every inference tier reads the normalized image preprocessing writes, not the device's photo: a model trained
# only on raw scenes lost about 15 points of recall on those (models/README.md). Train on both.
prep "$DATA/train-1280x960" "$DATA/train-1280x960-prepared" "$PREPARED_1280"
prep "$DATA/train-1920x1080" "$DATA/train-1920x1080-prepared" "$TRAIN_1080"
prep "$DATA/val-1280x960" "$DATA/val-1280x960-prepared" "$VAL"
NC="$(wc -l < "$DATA/train-1280x960/classes.txt")"

cd "$HERE"
$PY train.py --train "$DATA/train-1280x960" "$DATA/train-1280x960-prepared" "$DATA/train-1920x1080-prepared" \
  --val "$DATA/val-1280x960" \
  --out "$RUN" --nc "$NC" --imgsz "$IMGSZ" --epochs "$EPOCHS" --threads "$THREADS" --seed 0 --eval-every "${EVAL_EVERY:-0}"

cp "$RUN/shelf-detector.onnx" "$ROOT/models/shelf-detector.onnx"
(cd "$ROOT/packages/synthetic-shelf" && node --conditions=@shelfstream/source --import tsx src/labels-cli.ts \
  "$ROOT/models/labels.json")
echo "wrote $ROOT/models/shelf-detector.onnx ($(stat -c %s "$ROOT/models/shelf-detector.onnx") bytes) and labels.json"
echo "evaluate with: pnpm --filter @shelfstream/detector eval   (raw held-out scenes)"
echo "           and: pnpm --filter @shelfstream/detector eval -- --data $DATA/val-1280x960-prepared   (as served)"
