"""Trains the shelf detector on CPU from synthetic-shelf CLI folders and exports ONNX (Ultralytics layout).

/usr/bin/python3 train.py --train DIR [DIR ...] --val DIR --out DIR [--imgsz 416 --epochs 12 --batch 16]
"""
import argparse
import copy
import json
import math
import os
import random
import time

import numpy as np
import torch

from data import load_folder
from loss import detection_loss
from model import ShelfDetector


def seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


class Ema:
    """Exponential moving average of weights (as in YOLOv5/v8), with a warm-up of the decay."""

    def __init__(self, model, decay=0.999, tau=400):
        self.model = copy.deepcopy(model).eval()
        self.updates = 0
        self.decay = lambda n: decay * (1 - math.exp(-n / tau))
        for p in self.model.parameters():
            p.requires_grad_(False)

    @torch.no_grad()
    def update(self, model):
        self.updates += 1
        d = self.decay(self.updates)
        msd = model.state_dict()
        for k, v in self.model.state_dict().items():
            if v.dtype.is_floating_point:
                v.mul_(d).add_(msd[k].detach(), alpha=1 - d)


def collate(images, targets, idx, augment, rng):
    x = torch.from_numpy(images[idx]).permute(0, 3, 1, 2).float().div_(255)
    if augment:
        # Photometric jitter on top of the generator's own lighting: per-image gain and per-channel tint.
        gain = torch.from_numpy(rng.uniform(0.8, 1.2, (len(idx), 1, 1, 1)).astype(np.float32))
        tint = torch.from_numpy(rng.uniform(0.93, 1.07, (len(idx), 3, 1, 1)).astype(np.float32))
        x = (x * gain * tint).clamp_(0, 1)
    m = max(1, max(len(targets[i]) for i in idx))
    labels = torch.full((len(idx), m), -1, dtype=torch.long)
    boxes = torch.zeros((len(idx), m, 4))
    for j, i in enumerate(idx):
        t = torch.from_numpy(targets[i])
        labels[j, : len(t)] = t[:, 4].long()
        boxes[j, : len(t)] = t[:, :4]
    return x, labels, boxes, labels >= 0


def nms(boxes, scores, iou_thr):
    order = scores.argsort(descending=True)
    keep = []
    from loss import box_iou_pairwise

    while order.numel() > 0:
        i = order[0]
        keep.append(int(i))
        if order.numel() == 1:
            break
        ious = box_iou_pairwise(boxes[i].unsqueeze(0), boxes[order[1:]])
        order = order[1:][ious <= iou_thr]
    return keep


@torch.no_grad()
def predict(model, images, conf=0.01, iou=0.6, batch=16):
    model.eval()
    model.export = True
    out = []
    for s in range(0, len(images), batch):
        x = torch.from_numpy(images[s : s + batch]).permute(0, 3, 1, 2).float().div_(255)
        y = model(x)  # [N, 4+C, A]
        for p in y:
            xywh, sc = p[:4].T, p[4:].T
            best, cls = sc.max(1)
            keep = best > conf
            xywh, best, cls = xywh[keep], best[keep], cls[keep]
            b = torch.cat((xywh[:, :2] - xywh[:, 2:] / 2, xywh[:, :2] + xywh[:, 2:] / 2), 1)
            k = nms(b + cls[:, None].float() * 10000, best, iou)
            out.append((b[k].numpy(), best[k].numpy(), cls[k].numpy()))
    model.export = False
    return out


def map50(preds, targets, nc):
    """VOC all-point AP at IoU 0.5 per class, mean over classes that have ground truth."""
    from loss import box_iou_pairwise

    aps, recalls = {}, {}
    for c in range(nc):
        recs, n_gt = [], 0
        for (b, s, k), t in zip(preds, targets):
            gt = torch.from_numpy(t[t[:, 4] == c][:, :4])
            n_gt += len(gt)
            sel = k == c
            pb, ps = torch.from_numpy(b[sel]), s[sel]
            order = np.argsort(-ps)
            used = np.zeros(len(gt), bool)
            for o in order:
                tp = 0
                if len(gt):
                    ious = box_iou_pairwise(pb[o].unsqueeze(0), gt).numpy()
                    j = int(ious.argmax())
                    if ious[j] >= 0.5 and not used[j]:
                        used[j] = True
                        tp = 1
                recs.append((ps[o], tp))
        if n_gt == 0:
            continue
        recs.sort(key=lambda r: -r[0])
        tps = np.cumsum([r[1] for r in recs]) if recs else np.zeros(0)
        fps = np.cumsum([1 - r[1] for r in recs]) if recs else np.zeros(0)
        rec = tps / n_gt
        prec = tps / np.maximum(tps + fps, 1e-9)
        mrec = np.concatenate(([0.0], rec, [1.0]))
        mpre = np.concatenate(([1.0], prec, [0.0]))
        for i in range(len(mpre) - 2, -1, -1):
            mpre[i] = max(mpre[i], mpre[i + 1])
        idx = np.where(mrec[1:] != mrec[:-1])[0]
        aps[c] = float(np.sum((mrec[idx + 1] - mrec[idx]) * mpre[idx + 1]))
        recalls[c] = float(rec[-1]) if len(rec) else 0.0
    return (float(np.mean(list(aps.values()))) if aps else 0.0), aps, recalls


def export_onnx(model, path, imgsz, opset):
    """Ultralytics layout: input `images` [N,3,H,W], output `output0` [N, 4+nc, anchors], dynamic batch only."""
    m = copy.deepcopy(model).eval()
    m.export = True
    x = torch.zeros(1, 3, imgsz, imgsz)
    torch.onnx.export(
        m, x, path, opset_version=opset, input_names=["images"], output_names=["output0"],
        dynamic_axes={"images": {0: "batch"}, "output0": {0: "batch"}}, do_constant_folding=True,
    )
    try:  # optional: pin the static output dims (torch leaves them symbolic after Concat); needs python3-onnx
        import onnx
    except ImportError:
        return
    g = onnx.load(path)
    dims = g.graph.output[0].type.tensor_type.shape.dim
    for d, v in zip(dims[1:], (4 + m.nc, m.anchors.shape[1])):
        d.ClearField("dim_param")
        d.dim_value = int(v)
    g.producer_name = "shelfstream models/train"
    onnx.checker.check_model(g)
    onnx.save(g, path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", nargs="+", required=True)
    ap.add_argument("--val", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--imgsz", type=int, default=416)
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--limit", type=int, default=0, help="use only the first N scenes of each folder")
    ap.add_argument("--val-limit", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--nc", type=int, required=True)
    ap.add_argument("--opset", type=int, default=17)
    ap.add_argument("--eval-every", type=int, default=0)
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    seed_everything(args.seed)
    os.makedirs(args.out, exist_ok=True)
    t0 = time.time()
    images, targets = [], []
    for folder in args.train:
        im, tg = load_folder(folder, args.imgsz, args.limit or None)
        images.append(im)
        targets += tg
    images = np.concatenate(images)
    val_images, val_targets = load_folder(args.val, args.imgsz, args.val_limit or None)
    print(f"loaded {len(images)} train / {len(val_images)} val images in {time.time() - t0:.0f}s", flush=True)

    model = ShelfDetector(args.nc, imgsz=args.imgsz)
    n_params = sum(p.numel() for p in model.parameters())
    print(f"parameters: {n_params}", flush=True)
    decay, no_decay = [], []
    for name, p in model.named_parameters():
        (no_decay if p.ndim <= 1 else decay).append(p)
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 5e-4}, {"params": no_decay, "weight_decay": 0}], lr=args.lr, betas=(0.9, 0.999))
    ema = Ema(model)
    anchors = model.anchors.T.contiguous()
    steps_per_epoch = len(images) // args.batch
    total = steps_per_epoch * args.epochs
    warmup = min(300, total // 10)
    rng = np.random.default_rng(args.seed)
    step = 0
    t_train = time.time()
    for epoch in range(args.epochs):
        model.train()
        perm = rng.permutation(len(images))
        lb = lc = 0.0
        for s in range(steps_per_epoch):
            idx = np.sort(perm[s * args.batch : (s + 1) * args.batch])
            x, labels, boxes, mask = collate(images, targets, idx, True, rng)
            lr = args.lr * (step / warmup if step < warmup else 0.02 + 0.98 * 0.5 * (1 + math.cos(math.pi * (step - warmup) / max(1, total - warmup))))
            for g in opt.param_groups:
                g["lr"] = lr
            dist, logits = model(x)
            loss, box_l, cls_l = detection_loss(dist, logits, anchors, labels, boxes, mask)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 10.0)
            opt.step()
            ema.update(model)
            step += 1
            lb += float(box_l)
            lc += float(cls_l)
            if step % 50 == 0:
                el = time.time() - t_train
                print(f"epoch {epoch + 1}/{args.epochs} step {step}/{total} box {lb / (s + 1):.3f} cls {lc / (s + 1):.3f} lr {lr:.5f} {step * args.batch / el:.1f} img/s elapsed {el / 60:.1f} min", flush=True)
        if args.eval_every and ((epoch + 1) % args.eval_every == 0) and epoch + 1 < args.epochs:
            m50, _, _ = map50(predict(ema.model, val_images[:64]), val_targets[:64], args.nc)
            print(f"epoch {epoch + 1}: val[:64] mAP50 {m50:.4f}", flush=True)
    train_minutes = (time.time() - t_train) / 60
    m50, aps, recalls = map50(predict(ema.model, val_images), val_targets, args.nc)
    print(f"final EMA val mAP50 {m50:.4f} (pytorch) after {train_minutes:.1f} min of training", flush=True)
    torch.save(ema.model.state_dict(), os.path.join(args.out, "shelf-detector.pt"))
    export_onnx(ema.model, os.path.join(args.out, "shelf-detector.onnx"), args.imgsz, args.opset)
    with open(os.path.join(args.out, "train-summary.json"), "w") as f:
        json.dump({"params": n_params, "imgsz": args.imgsz, "epochs": args.epochs, "batch": args.batch, "train_images": len(images),
                   "val_images": len(val_images), "train_minutes": round(train_minutes, 1), "total_minutes": round((time.time() - t0) / 60, 1),
                   "val_map50_pytorch": round(m50, 4), "ap50": {str(k): round(v, 4) for k, v in aps.items()},
                   "recall": {str(k): round(v, 4) for k, v in recalls.items()}, "opset": args.opset, "torch": torch.__version__}, f, indent=2)


if __name__ == "__main__":
    main()
