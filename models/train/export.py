"""Re-exports a trained checkpoint to ONNX without training: /usr/bin/python3 export.py WEIGHTS.pt OUT.onnx NC [IMGSZ]."""
import sys

import torch

from model import ShelfDetector
from train import export_onnx

if __name__ == "__main__":
    weights, out, nc = sys.argv[1], sys.argv[2], int(sys.argv[3])
    imgsz = int(sys.argv[4]) if len(sys.argv) > 4 else 416
    model = ShelfDetector(nc, imgsz=imgsz)
    model.load_state_dict(torch.load(weights))
    export_onnx(model, out, imgsz, 17)
