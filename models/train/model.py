"""Small anchor-free YOLOv8-style detector: CSP (C2f) backbone, PAN neck over strides 8/16/32,
decoupled box/class heads, direct ltrb distance regression (no DFL), sigmoid class scores."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

STRIDES = (8, 16, 32)


class Conv(nn.Module):
    def __init__(self, c1, c2, k=3, s=1):
        super().__init__()
        self.conv = nn.Conv2d(c1, c2, k, s, k // 2, bias=False)
        self.bn = nn.BatchNorm2d(c2, eps=1e-3, momentum=0.03)
        self.act = nn.SiLU()

    def forward(self, x):
        return self.act(self.bn(self.conv(x)))


class Bottleneck(nn.Module):
    def __init__(self, c, shortcut=True):
        super().__init__()
        self.cv1 = Conv(c, c, 3)
        self.cv2 = Conv(c, c, 3)
        self.add = shortcut

    def forward(self, x):
        y = self.cv2(self.cv1(x))
        return x + y if self.add else y


class C2f(nn.Module):
    """CSP bottleneck with 2 convolutions (YOLOv8's C2f)."""

    def __init__(self, c1, c2, n=1, shortcut=True):
        super().__init__()
        self.c = c2 // 2
        self.cv1 = Conv(c1, 2 * self.c, 1)
        self.cv2 = Conv((2 + n) * self.c, c2, 1)
        self.m = nn.ModuleList(Bottleneck(self.c, shortcut) for _ in range(n))

    def forward(self, x):
        y = list(self.cv1(x).chunk(2, 1))
        for m in self.m:
            y.append(m(y[-1]))
        return self.cv2(torch.cat(y, 1))


class SPPF(nn.Module):
    def __init__(self, c1, c2, k=5):
        super().__init__()
        c_ = c1 // 2
        self.cv1 = Conv(c1, c_, 1)
        self.cv2 = Conv(c_ * 4, c2, 1)
        self.m = nn.MaxPool2d(k, 1, k // 2)

    def forward(self, x):
        x = self.cv1(x)
        y1 = self.m(x)
        y2 = self.m(y1)
        return self.cv2(torch.cat((x, y1, y2, self.m(y2)), 1))


class Head(nn.Module):
    """Decoupled head for one stride: a box branch (4 ltrb distances) and a class branch."""

    def __init__(self, c, nc, hidden):
        super().__init__()
        self.box = nn.Sequential(Conv(c, hidden, 3), Conv(hidden, hidden, 3), nn.Conv2d(hidden, 4, 1))
        self.cls = nn.Sequential(Conv(c, hidden, 3), Conv(hidden, hidden, 3), nn.Conv2d(hidden, nc, 1))

    def forward(self, x):
        return self.box(x), self.cls(x)


def make_anchors(h, w, stride, device):
    ys = (torch.arange(h, device=device, dtype=torch.float32) + 0.5) * stride
    xs = (torch.arange(w, device=device, dtype=torch.float32) + 0.5) * stride
    gy, gx = torch.meshgrid(ys, xs, indexing="ij")
    return torch.stack((gx.reshape(-1), gy.reshape(-1)), -1)


class ShelfDetector(nn.Module):
    def __init__(self, nc, width=(16, 24, 48, 96, 128), head_hidden=(32, 48, 64), imgsz=416):
        super().__init__()
        c0, c1, c2, c3, c4 = width
        self.nc = nc
        self.imgsz = imgsz
        self.export = False
        self.stem = Conv(3, c0, 3, 2)
        self.s2 = nn.Sequential(Conv(c0, c1, 3, 2), C2f(c1, c1, 1))
        self.s3 = nn.Sequential(Conv(c1, c2, 3, 2), C2f(c2, c2, 2))
        self.s4 = nn.Sequential(Conv(c2, c3, 3, 2), C2f(c3, c3, 2))
        self.s5 = nn.Sequential(Conv(c3, c4, 3, 2), C2f(c4, c4, 1), SPPF(c4, c4))
        self.up = nn.Upsample(scale_factor=2, mode="nearest")
        self.n4 = C2f(c4 + c3, c3, 1, False)
        self.n3 = C2f(c3 + c2, c2, 1, False)
        self.d3 = Conv(c2, c2, 3, 2)
        self.o4 = C2f(c2 + c3, c3, 1, False)
        self.d4 = Conv(c3, c3, 3, 2)
        self.o5 = C2f(c3 + c4, c4, 1, False)
        self.heads = nn.ModuleList(Head(c, nc, h) for c, h in zip((c2, c3, c4), head_hidden))
        self._init_biases()
        anchors, strides = [], []
        for s in STRIDES:
            a = make_anchors(imgsz // s, imgsz // s, s, "cpu")
            anchors.append(a)
            strides.append(torch.full((a.shape[0], 1), float(s)))
        self.register_buffer("anchors", torch.cat(anchors).T.contiguous(), persistent=False)  # [2, A]
        self.register_buffer("strides", torch.cat(strides).T.contiguous(), persistent=False)  # [1, A]

    def _init_biases(self):
        for head, s in zip(self.heads, STRIDES):
            head.box[-1].bias.data[:] = 0.0
            # prior: about 5 objects per image spread over the classes
            head.cls[-1].bias.data[:] = math.log(5 / self.nc / (self.imgsz / s) ** 2)

    def forward(self, x):
        p3 = self.s3(self.s2(self.stem(x)))
        p4 = self.s4(p3)
        p5 = self.s5(p4)
        n4 = self.n4(torch.cat((self.up(p5), p4), 1))
        n3 = self.n3(torch.cat((self.up(n4), p3), 1))
        o4 = self.o4(torch.cat((self.d3(n3), n4), 1))
        o5 = self.o5(torch.cat((self.d4(o4), p5), 1))
        box, cls = [], []
        for f, head in zip((n3, o4, o5), self.heads):
            b, c = head(f)
            box.append(b.flatten(2))
            cls.append(c.flatten(2))
        box = torch.cat(box, 2)  # [N, 4, A] raw distances
        cls = torch.cat(cls, 2)  # [N, nc, A] logits
        dist = F.softplus(box) * self.strides  # ltrb in input pixels
        if not self.export:
            return dist, cls
        lt, rb = dist[:, :2], dist[:, 2:]
        x1y1 = self.anchors - lt
        x2y2 = self.anchors + rb
        xywh = torch.cat(((x1y1 + x2y2) / 2, x2y2 - x1y1), 1)
        return torch.cat((xywh, cls.sigmoid()), 1)
