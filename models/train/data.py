"""Loads a synthetic-shelf CLI output folder into letterboxed uint8 tensors held in memory."""
import json
import os

import numpy as np
from PIL import Image


def letterbox_geometry(w, h, size):
    """Same rule as packages/detector letterbox(): scale to fit, centre, floor the padding."""
    r = min(size / w, size / h)
    nw, nh = round(w * r), round(h * r)
    return r, nw, nh, (size - nw) // 2, (size - nh) // 2


def load_folder(folder, size, limit=None):
    """Returns images uint8 [N, size, size, 3] and a list of float32 [k, 5] (x1, y1, x2, y2, cls) in input pixels."""
    rows = [json.loads(line) for line in open(os.path.join(folder, "scenes.jsonl"))]
    if limit:
        rows = rows[:limit]
    images = np.full((len(rows), size, size, 3), 114, dtype=np.uint8)
    targets = []
    for i, row in enumerate(rows):
        im = Image.open(os.path.join(folder, row["file"])).convert("RGB")
        w, h = im.size
        r, nw, nh, left, top = letterbox_geometry(w, h, size)
        im = im.resize((nw, nh), Image.BILINEAR, reducing_gap=None)
        images[i, top : top + nh, left : left + nw] = np.asarray(im)
        sx, sy = nw / w, nh / h
        t = np.array(
            [[b["x1"] * sx + left, b["y1"] * sy + top, b["x2"] * sx + left, b["y2"] * sy + top, b["classIndex"]] for b in row["boxes"]],
            dtype=np.float32,
        ).reshape(-1, 5)
        targets.append(t)
    return images, targets
