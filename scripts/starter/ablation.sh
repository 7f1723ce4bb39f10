#!/usr/bin/env bash
# The starter model's ablation (resources/models/starter/README.md): one row per recipe, each the
# first fold of a patient-level 5-fold split (48 training / 12 held-out images), 16 epochs, from
# scratch, scored on the held-out images at their own resolution. Rows run in order; each writes
# <out>/<row>.json (train --cv-json), <out>/<row>.log and the fold's model in <out>/<row>-models/fold-1
# (for `bench --suite checkerboard --model`). Rerunning skips rows already written.
#   scripts/starter/ablation.sh <data folder with the tissue project> <out folder> [row...]
set -euo pipefail
DATA=${1:?data folder}
OUT=${2:?output folder}
shift 2
mkdir -p "$OUT"
BASE=(--data "$DATA" --project tissue --all-labelled --from-scratch --cv 5 --cv-folds 1 --epochs 16 --backend wasm)
NEW=(--head k4s2 --augmentation mammo --schedule cosine --keep last)
# Each row changes one thing from the first.
declare -A ROWS=(
  [256-k4s2-mammo-cosine]="--input-size 256 --width 0.5 ${NEW[*]}"
  [384-k4s2-mammo-cosine]="--input-size 384 --width 0.5 ${NEW[*]}"
  [512-k4s2-mammo-cosine]="--input-size 512 --width 0.5 ${NEW[*]}"
  [256-k3s2-mammo-cosine]="--input-size 256 --width 0.5 ${NEW[*]} --head k3s2"
  [256-k4s2-basic-cosine]="--input-size 256 --width 0.5 ${NEW[*]} --augmentation basic"
  [256-k4s2-mammo-cosine-tversky]="--input-size 256 --width 0.5 ${NEW[*]} --overlap tversky"
  [256-k4s2-mammo-cosine-weighted]="--input-size 256 --width 0.5 ${NEW[*]} --class-weights 1,1,2,1"
  [256-transposed-k4s2-mammo-cosine]="--input-size 256 --width 0.5 ${NEW[*]} --decoder transposed"
  [256-w025-k4s2-mammo-cosine]="--input-size 256 --width 0.25 ${NEW[*]}"
  # The first recipe (previous starter): k3s2 head, basic augmentation, constant rate, best epoch on the held-out fold.
  [256-k3s2-basic-constant]="--input-size 256 --width 0.5 --head k3s2 --augmentation basic --schedule constant --keep best --patience 16"
)
ORDER=("$@")
[ ${#ORDER[@]} -gt 0 ] || ORDER=(256-k4s2-mammo-cosine 384-k4s2-mammo-cosine 256-k3s2-mammo-cosine 256-k4s2-basic-cosine 256-k4s2-mammo-cosine-tversky
  256-k4s2-mammo-cosine-weighted 256-transposed-k4s2-mammo-cosine 256-w025-k4s2-mammo-cosine 256-k3s2-basic-constant 512-k4s2-mammo-cosine)
for row in "${ORDER[@]}"; do
  [ -n "${ROWS[$row]+x}" ] || { echo "unknown row $row" >&2; exit 2; }
  [ -s "$OUT/$row.json" ] && { echo "$row: done already"; continue; }
  echo "$row: $(date -u +%H:%M:%S) start"
  # shellcheck disable=SC2086
  node bin/mammoseg.js train "${BASE[@]}" ${ROWS[$row]} --cv-json "$OUT/$row.json" --cv-keep-models "$OUT/$row-models" >"$OUT/$row.log" 2>&1
  echo "$row: $(date -u +%H:%M:%S) $(tail -3 "$OUT/$row.log" | head -1)"
done
