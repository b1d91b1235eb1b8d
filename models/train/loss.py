"""Task-aligned assignment (TOOD / YOLOv8 TAL) and the detection loss: BCE classes + CIoU boxes."""
import math

import torch
import torch.nn.functional as F


def box_iou_pairwise(a, b, eps=1e-7):
    """IoU of broadcastable xyxy boxes [..., 4]."""
    lt = torch.maximum(a[..., :2], b[..., :2])
    rb = torch.minimum(a[..., 2:], b[..., 2:])
    inter = (rb - lt).clamp(min=0).prod(-1)
    area_a = (a[..., 2:] - a[..., :2]).clamp(min=0).prod(-1)
    area_b = (b[..., 2:] - b[..., :2]).clamp(min=0).prod(-1)
    return inter / (area_a + area_b - inter + eps)


def ciou(a, b, eps=1e-7):
    iou = box_iou_pairwise(a, b, eps)
    cw = torch.maximum(a[..., 2], b[..., 2]) - torch.minimum(a[..., 0], b[..., 0])
    ch = torch.maximum(a[..., 3], b[..., 3]) - torch.minimum(a[..., 1], b[..., 1])
    c2 = cw**2 + ch**2 + eps
    rho2 = ((a[..., 0] + a[..., 2] - b[..., 0] - b[..., 2]) ** 2 + (a[..., 1] + a[..., 3] - b[..., 1] - b[..., 3]) ** 2) / 4
    w1, h1 = a[..., 2] - a[..., 0], (a[..., 3] - a[..., 1]).clamp(min=eps)
    w2, h2 = b[..., 2] - b[..., 0], (b[..., 3] - b[..., 1]).clamp(min=eps)
    v = (4 / math.pi**2) * (torch.atan(w2 / h2) - torch.atan(w1 / h1)) ** 2
    with torch.no_grad():
        alpha = v / (v - iou + (1 + eps))
    return iou - (rho2 / c2 + v * alpha)


@torch.no_grad()
def tal_assign(scores, boxes, anchors, gt_labels, gt_boxes, gt_mask, topk=10, alpha=0.5, beta=6.0, eps=1e-9):
    """scores [B,A,C] (sigmoid), boxes [B,A,4] xyxy, anchors [A,2], gt_labels [B,M] long, gt_boxes [B,M,4],
    gt_mask [B,M] bool. Returns target boxes [B,A,4], target scores [B,A,C], foreground mask [B,A]."""
    B, A, C = scores.shape
    M = gt_boxes.shape[1]
    if M == 0:
        return torch.zeros_like(boxes), torch.zeros_like(scores), torch.zeros(B, A, dtype=torch.bool)
    ax, ay = anchors[:, 0].view(1, 1, A), anchors[:, 1].view(1, 1, A)
    g = gt_boxes.unsqueeze(2)  # [B,M,1,4]
    inside = torch.stack((ax - g[..., 0], ay - g[..., 1], g[..., 2] - ax, g[..., 3] - ay), -1).amin(-1) > eps
    mask = inside & gt_mask.unsqueeze(-1)  # [B,M,A]
    ious = box_iou_pairwise(gt_boxes.unsqueeze(2), boxes.unsqueeze(1)).clamp(min=0) * mask
    cls_scores = scores.permute(0, 2, 1).gather(1, gt_labels.clamp(min=0).unsqueeze(-1).expand(B, M, A))
    align = cls_scores.pow(alpha) * ious.pow(beta) * mask
    top = align.topk(min(topk, A), dim=-1).indices
    mask_topk = torch.zeros_like(mask).scatter_(-1, top, True)
    mask_pos = mask_topk & mask
    # An anchor claimed by several ground truths keeps the one it overlaps most.
    multi = mask_pos.sum(1) > 1  # [B,A]
    if multi.any():
        best = ious.argmax(1)  # [B,A]
        one_hot = F.one_hot(best, M).permute(0, 2, 1).bool()
        mask_pos = torch.where(multi.unsqueeze(1), one_hot & mask, mask_pos)
    fg = mask_pos.any(1)
    gt_idx = mask_pos.float().argmax(1)  # [B,A]
    t_boxes = gt_boxes.gather(1, gt_idx.unsqueeze(-1).expand(B, A, 4))
    t_labels = gt_labels.gather(1, gt_idx).clamp(min=0)
    align = align * mask_pos
    pos_align = align.amax(-1, keepdim=True)
    pos_iou = (ious * mask_pos).amax(-1, keepdim=True)
    norm = (align * pos_iou / (pos_align + eps)).amax(1)  # [B,A]
    t_scores = F.one_hot(t_labels, C).float() * (norm * fg).unsqueeze(-1)
    return t_boxes, t_scores, fg


def detection_loss(dist, logits, anchors, gt_labels, gt_boxes, gt_mask, box_gain=7.5, cls_gain=1.0):
    """dist [B,4,A] ltrb pixels, logits [B,C,A]. Returns (loss, box part, cls part)."""
    dist = dist.permute(0, 2, 1)
    logits = logits.permute(0, 2, 1)
    boxes = torch.cat((anchors - dist[..., :2], anchors + dist[..., 2:]), -1)
    t_boxes, t_scores, fg = tal_assign(logits.detach().sigmoid(), boxes.detach(), anchors, gt_labels, gt_boxes, gt_mask)
    norm = t_scores.sum().clamp(min=1)
    cls_loss = F.binary_cross_entropy_with_logits(logits, t_scores, reduction="sum") / norm
    if fg.any():
        weight = t_scores.sum(-1)[fg]
        box_loss = ((1 - ciou(boxes[fg], t_boxes[fg])) * weight).sum() / norm
    else:
        box_loss = boxes.sum() * 0
    return box_gain * box_loss + cls_gain * cls_loss, box_loss.detach(), cls_loss.detach()
