"""Which torch device an encoder runs on: `auto` takes CUDA when there is a GPU."""

from pipeline.errors import BitextError


def resolve_device(device: str) -> str:
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device.startswith("cuda") and not torch.cuda.is_available():
        raise BitextError(f"device {device!r} requested but torch sees no CUDA GPU; use device: auto or cpu")
    return device


def cuda_devices(device: str) -> list[str]:
    """Every GPU when `device` is auto and there are several (one worker process each), else []."""
    import torch

    if device != "auto" or not torch.cuda.is_available() or torch.cuda.device_count() < 2:
        return []
    return [f"cuda:{i}" for i in range(torch.cuda.device_count())]
